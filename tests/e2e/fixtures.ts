/**
 * Shared Playwright fixtures. highlight.run refuses to start when navigator.webdriver
 * is true (as it is under automation), so every page hides it before any script runs.
 */
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO = { email: "demo@example.com", password: "demo1234", name: "Demo User" } as const;

export const test = base.extend({
  context: async ({ context }, provide) => {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false });
    });
    await provide(context);
  },
  // Every test also proves the Content-Security-Policy blocked nothing the app or the recorder needs.
  page: async ({ page }, provide) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await provide(page);
    expect(violations, "CSP violations in the console").toEqual([]);
  },
});

export { expect };

export async function signIn(page: Page, email: string = DEMO.email, password: string = DEMO.password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** The browser's Highlight session id, from the cookie the recorder keeps (empty until it has started). */
export const sessionCookie = async (page: Page) =>
  (await page.context().cookies()).find((c) => c.name === "sessionSecureID")?.value ?? "";

export const uniqueEmail = (prefix = "e2e") => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
