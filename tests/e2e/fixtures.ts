/**
 * Shared Playwright fixtures. highlight.run refuses to start when navigator.webdriver
 * is true (as it is under automation), so every page hides it before any script runs.
 */
import { test as base, expect, request as http, type Page } from "@playwright/test";
import { E2E } from "./ports";

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

/** Stripe's test cards, as typed into the (local) hosted Checkout page. */
export const CARDS = { good: "4242 4242 4242 4242", declined: "4000 0000 0000 0002", authenticate: "4000 0025 0000 3155" } as const;

/** Fills the hosted Checkout page's card form and pays. */
export async function payOnCheckout(page: Page, card: string) {
  await expect(page).toHaveURL(/\/checkout\/cs_test_\w+/);
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
}

/** Subscribes the signed-in owner's team through Checkout with a good card; ends on the return page. */
export async function subscribeThroughCheckout(page: Page, planName: "Pro" | "Team") {
  await page.goto("/pricing");
  // Clicked once the recorder runs, as a person would: the purchase then belongs to the browser session.
  await expect.poll(() => sessionCookie(page), { timeout: 30_000 }).not.toBe("");
  await page.getByRole("region", { name: planName }).getByRole("button", { name: `Subscribe to ${planName}` }).click();
  await payOnCheckout(page, CARDS.good);
  await expect(page).toHaveURL(/\/billing\/success\?session_id=cs_test_/);
  await expect(page.getByTestId("checkout-plan")).toHaveText(planName);
}

/**
 * The demo team pays for a plan (through the API, outside any browser session), so a spec can show
 * the in-app plan switch whatever ran before it. Returns the plan the demo team is on now.
 */
export async function ensureDemoSubscribed(): Promise<"pro" | "team"> {
  const api = await http.newContext({ baseURL: E2E.appUrl });
  try {
    expect((await api.post("/api/auth/login", { data: { email: DEMO.email, password: DEMO.password } })).status()).toBe(200);
    const { subscription } = (await (await api.get("/api/subscriptions")).json()) as { subscription: { planId: string; status: string } | null };
    if (subscription && subscription.status !== "canceled") return subscription.planId as "pro" | "team";
    expect((await api.post("/api/subscriptions", { data: { planId: "pro" } })).status()).toBe(200);
    return "pro";
  } finally {
    await api.dispose();
  }
}
