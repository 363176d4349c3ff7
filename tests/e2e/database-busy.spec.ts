/**
 * Another session holds the app's tables locked (as a migration or a long write would): the
 * production server stays responsive, and what needs those tables answers "busy" within a bounded
 * time instead of hanging or failing with a 500. PostgreSQL server only (see
 * tests/integration/database-busy.test.ts).
 */
import { expect, signIn, test } from "./fixtures";
import { lockTables, testDatabaseUrl, testEngine } from "../support/test-database.mjs";

test.skip(testEngine !== "postgresql", "the embedded database runs one transaction at a time: a lock holder makes others queue");

test("a locked database never freezes the server", async ({ page, request }) => {
  await signIn(page);
  const release = await lockTables(testDatabaseUrl("e2e"), "Plan", "Project");
  try {
    // Requests that need the database are waiting for the lock…
    const started = Date.now();
    const waiting = Promise.all([1, 2, 3].map(() => request.get("/api/plans")));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // …while a page that needs none is served at once.
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
    await release();
  }

  // With the lock gone, the same click goes through.
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByText("Written while locked")).toBeVisible();
  await page.getByRole("button", { name: "Delete Written while locked" }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByText("Written while locked")).toHaveCount(0);
});
