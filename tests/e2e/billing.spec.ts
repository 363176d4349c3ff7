/**
 * Billing as a customer meets it: choose a plan → Stripe Checkout (the local server's hosted page)
 * → back in the app with the plan shown; then the Customer Portal to switch plan and cancel.
 */
import { CARDS, expect, payOnCheckout, subscribeThroughCheckout, test, uniqueEmail } from "./fixtures";

test.beforeEach(async ({ page }) => {
  const res = await page.request.post("/api/auth/signup", { data: { name: "Bill Payer", email: uniqueEmail("billing"), password: "password-1" } });
  expect(res.status()).toBe(201);
});

test("a declined card is refused on Checkout, a good one subscribes; the plan shows on return and in settings", async ({ page }) => {
  await page.goto("/pricing");
  await page.getByRole("region", { name: "Pro" }).getByRole("button", { name: "Subscribe to Pro" }).click();
  await payOnCheckout(page, CARDS.declined);
  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await page.getByLabel("Card number").fill(CARDS.good);
  await page.getByRole("button", { name: /^Pay / }).click();

  await expect(page).toHaveURL(/\/billing\/success\?session_id=cs_test_/);
  await expect(page.getByTestId("checkout-plan")).toHaveText("Pro");
  await page.getByRole("link", { name: "Billing settings" }).click();
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await expect(page.getByTestId("renewal")).toContainText("Renews on");
  await page.goto("/pricing");
  await expect(page.getByRole("region", { name: "Pro" }).getByText("Your current plan")).toBeVisible();
  await expect(page.getByRole("region", { name: "Team" }).getByRole("button", { name: "Switch to Team" })).toBeVisible();
});

test("leaving Checkout without paying changes nothing", async ({ page }) => {
  await page.goto("/pricing");
  await page.getByRole("region", { name: "Team" }).getByRole("button", { name: "Subscribe to Team" }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_test_/);
  await page.getByRole("link", { name: "← Back" }).click();
  await expect(page.getByText("Checkout was cancelled: nothing was charged.")).toBeVisible();
  await page.goto("/settings");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
});

test("the Customer Portal switches the plan and cancels it; the app shows each change once its webhook lands", async ({ page }) => {
  await subscribeThroughCheckout(page, "Pro");
  await page.goto("/settings");
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page).toHaveURL(/\/portal\/bps_/);
  await expect(page.getByRole("region", { name: "Current plan" })).toContainText("Pro");

  await page.getByRole("button", { name: /^Switch to Team/ }).click();
  await expect(page.getByRole("region", { name: "Current plan" })).toContainText("Team");
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByRole("region", { name: "Current plan" })).toContainText("Cancels on");
  await page.getByRole("link", { name: "← Return to the app" }).click();
  await expect(page).toHaveURL(/\/settings$/);

  // The portal told the app nothing directly: the webhooks did. Reload until both have landed.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("current-plan")).toHaveText("Team", { timeout: 1000 });
    await expect(page.getByTestId("renewal")).toContainText("Cancels on", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // Each billing step is in the team's activity log, linked to the trace that did it: the user's requests,
  // and the webhooks (by Stripe, in the user's session).
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Activity" }).click();
  for (const action of ["start_checkout", "checkout_completed", "open_billing_portal", "subscription_updated", "payment_succeeded"]) {
    const entry = page.locator(`tr[data-action="${action}"]`).first();
    await expect(entry, action).toBeVisible();
    await expect(entry.getByRole("link", { name: "Trace" }), action).toHaveAttribute("href", /\/inspector\/#\/traces\/[0-9a-f]{32}$/);
  }
  await expect(page.locator('tr[data-action="checkout_completed"]').first()).toContainText("Stripe");
  await expect(page.locator('tr[data-action="checkout_completed"]').first().getByRole("link", { name: "Session" })).toBeVisible();
});
