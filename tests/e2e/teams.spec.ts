/**
 * Teams in the browser: an owner invites, the invitee accepts from the link, a member cannot open
 * billing; the activity log shows each step, linked to its trace in the inspector.
 */
import type { Browser, Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures";
import { E2E } from "./ports";
import { receiver } from "./receiver";

const POLL = { timeout: 40_000, intervals: [500, 1000, 2000] };

async function newAccount(browser: Browser, name: string): Promise<{ page: Page; email: string }> {
  const context = await browser.newContext({ baseURL: E2E.appUrl });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false }));
  const page = await context.newPage();
  const email = uniqueEmail(name.toLowerCase());
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password-123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return { page, email };
}

test("invite a member, who accepts from the link and cannot open billing; the activity log links each step to its trace", async ({ browser }) => {
  const owner = await newAccount(browser, "Olga");
  const member = await newAccount(browser, "Milo");

  // The owner invites by email; with no email server the link is shown to pass on.
  await owner.page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Team" }).click();
  await expect(owner.page.getByRole("heading", { name: "Olga's team" })).toBeVisible();
  const invite = owner.page.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email").fill(member.email);
  await invite.getByRole("button", { name: "Invite" }).click();
  const link = (await owner.page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${E2E.appUrl}/invite/[\\w-]{43}$`));
  await expect(owner.page.getByRole("list", { name: "Pending invitations" })).toContainText(member.email);

  // The invitee opens the link: the token leaves the address bar before any page (or recorder) sees it.
  await member.page.goto(link);
  await expect(member.page).toHaveURL(`${E2E.appUrl}/invite`);
  await member.page.getByRole("button", { name: "Join Olga's team" }).click();
  await expect(member.page).toHaveURL(/\/team$/);
  await expect(member.page.getByRole("heading", { name: "Olga's team" })).toBeVisible();
  await expect(member.page.getByText("You are a member of this team.")).toBeVisible();
  await expect(member.page.getByRole("form", { name: "Invite a member" })).toHaveCount(0);
  // The link worked once.
  await member.page.goto(link);
  await expect(member.page.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();

  // A member cannot open billing: not in the UI, not through the API.
  await member.page.goto("/settings");
  await expect(member.page.getByTestId("billing-owner-only")).toBeVisible();
  await expect(member.page.getByRole("button", { name: "Manage billing" })).toHaveCount(0);
  const portal = await member.page.request.post("/api/billing/portal", { data: {} });
  expect(portal.status()).toBe(403);
  await member.page.goto("/pricing");
  await expect(member.page.getByRole("region", { name: "Pro" })).toContainText("Your team's owners choose the plan.");

  // The owner sees the member, and each step in the activity log.
  await owner.page.reload();
  await expect(owner.page.getByRole("list", { name: "Members" })).toContainText(member.email);
  await owner.page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Activity" }).click();
  const joined = owner.page.locator('tr[data-action="accept_invitation"]');
  await expect(joined).toContainText("Milo");
  const invited = owner.page.locator('tr[data-action="invite_member"]');
  await expect(invited).toContainText(`${member.email} as member`);
  await expect(owner.page.locator('tr[data-action="sign_up"]')).toContainText("Olga");

  // "Trace" opens the inspector on the trace of the request that invited.
  const href = (await invited.getByRole("link", { name: "Trace" }).getAttribute("href"))!;
  const traceId = href.split("/").at(-1)!;
  expect(href).toBe(`${E2E.receiverUrl}/inspector/#/traces/${traceId}`);
  await expect.poll(async () => (await receiver.spans({ traceId })).some((s) => s.name === "invite_member"), POLL).toBe(true);
  const inspector = await owner.page.context().newPage();
  await inspector.goto(href);
  await expect(inspector.getByText("invite_member").first()).toBeVisible();
  await expect(invited.getByRole("link", { name: "Session" })).toHaveAttribute("href", /\/inspector\/#\/sessions\/[\w-]+$/);

  await owner.page.context().close();
  await member.page.context().close();
});
