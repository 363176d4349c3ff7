import { expect, test, uniqueEmail } from "./fixtures";

test.beforeEach(async ({ page }) => {
  const res = await page.request.post("/api/auth/signup", { data: { name: "Bill Payer", email: uniqueEmail("billing"), password: "password-1" } });
  expect(res.status()).toBe(201);
});

test("subscribe to Pro from the pricing page, see it in settings, cancel at period end", async ({ page }) => {
  await page.goto("/pricing");
  await page.getByRole("region", { name: "Pro" }).getByRole("button", { name: "Subscribe to Pro" }).click();
  await expect(page.getByRole("region", { name: "Pro" }).getByText("Your current plan")).toBeVisible();

  await page.goto("/settings");
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await expect(page.getByTestId("renewal")).toContainText("Renews on");

  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(page.getByTestId("renewal")).toContainText("Cancels on");
  await expect(page.getByRole("button", { name: "Keep Pro" })).toBeVisible();
  await page.getByRole("button", { name: "Keep Pro" }).click();
  await expect(page.getByTestId("renewal")).toContainText("Renews on");
});

test("a declined test card shows a clear message and changes nothing", async ({ page }) => {
  await page.goto("/pricing");
  const team = page.getByRole("region", { name: "Team" });
  await team.getByLabel("Test card (Stripe test mode)").selectOption("declined");
  await team.getByRole("button", { name: "Subscribe to Team" }).click();
  await expect(team.getByRole("alert")).toContainText("Your card was declined.");
  await page.goto("/settings");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
});
