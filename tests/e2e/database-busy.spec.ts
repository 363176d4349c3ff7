/**
 * Another process holds the app's SQLite database locked (as a migration, a backup or a long
 * write would): the production server stays responsive, and what needs the database answers
 * "busy" within a bounded time instead of hanging or failing with a 500.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { expect, signIn, test } from "./fixtures";

test("a locked database never freezes the server", async ({ page, request }) => {
  await signIn(page);
  const outside = new Database(path.resolve(".test/e2e.db"));
  outside.exec("BEGIN EXCLUSIVE");
  try {
    // Requests that need the database are waiting for the lock…
    const started = Date.now();
    const waiting = Promise.all([1, 2, 3].map(() => request.get("/api/plans")));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // …while a page that needs none is served at once (it took ~15 s when SQLite's busy wait held the event loop).
    const pageStart = Date.now();
    const signInPage = await request.get("/sign-in");
    expect(signInPage.status()).toBe(200);
    expect(Date.now() - pageStart).toBeLessThan(2_500);

    // The waiting requests give up within the budget: 503 with Retry-After, not a 500.
    for (const response of await waiting) {
      expect(response.status()).toBe(503);
      expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
      expect((await response.json()).error).toMatch(/busy/i);
    }
    expect(Date.now() - started).toBeLessThan(8_000);

    // A server action says so in the page, and nothing is lost: the form keeps its input.
    await page.getByLabel("Project name").fill("Written while locked");
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /busy/i })).toHaveText(/Try again in \d+ seconds/);
    await expect(page.getByLabel("Project name")).toHaveValue("Written while locked");
  } finally {
    if (outside.inTransaction) outside.exec("ROLLBACK");
    outside.close();
  }

  // With the lock gone, the same click goes through.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByText("Written while locked")).toBeVisible();
  await page.getByRole("button", { name: "Delete Written while locked" }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByText("Written while locked")).toHaveCount(0);
});
