/**
 * The local inspector (served by the telemetry receiver): find your own session by email, watch
 * the replay, open the trace of the subscription request, read its logs, and go back to the session.
 */
import { statSync } from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import { DEMO, ensureDemoSubscribed, expect, sessionCookie, test } from "./fixtures";
import { E2E } from "./ports";
import { receiver } from "./receiver";

const POLL = { timeout: 40_000, intervals: [500, 1000, 2000] };

/** A screenshot of each view in the test output; a blank page compresses to a few KB at most. */
async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size, `${name}.png looks blank`).toBeGreaterThan(15_000);
}

test("follow a click from replay to trace to log in the inspector", async ({ page, browser }, testInfo) => {
  // The demo journey in the app: switch to whichever paid plan the demo team is not on (so the spec can run repeatedly).
  const planName = (await ensureDemoSubscribed()) === "pro" ? "Team" : "Pro";
  await page.goto("/sign-in");
  // The recorder loads after hydration; H.init writes its session cookie and hooks fetch at once. Sign in
  // only then, as a person would (a form submitted faster than that is seen only as a resource timing).
  await expect.poll(() => sessionCookie(page), POLL).not.toBe("");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const sessionId = await sessionCookie(page);
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Plans" }).click();
  const plan = page.getByRole("region", { name: planName });
  await plan.getByRole("button", { name: `Switch to ${planName}` }).click();
  await expect(plan.getByText("Your current plan")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("button", { name: "Trigger a server error" }).click();
  await page.getByRole("button", { name: "Feedback" }).click();
  await page.getByLabel("What can we do better?").fill("Inspector check");
  await page.getByRole("button", { name: "Send feedback" }).click();
  // Everything the inspector is about to show must have arrived: the SDKs export sessions, spans and
  // logs in separate batches on their own timers, and each inspector view renders what is there.
  await expect
    .poll(async () => {
      const s = await receiver.session(sessionId);
      const spans = await receiver.spans({ name: "create_subscription", sessionId });
      const logs = spans[0] ? await receiver.logs({ traceId: spans[0].traceId }) : [];
      return Boolean(
        s &&
          s.feedback.length &&
          s.resources.some((r) => r.name.endsWith("/api/subscriptions")) &&
          logs.some((log) => log.body === "subscription created"),
      );
    }, POLL)
    .toBe(true);

  // The inspector, in its own tab (as a developer would open it).
  const inspector = await (await browser.newContext()).newPage();
  await inspector.goto(`${E2E.receiverUrl}/inspector/`);
  await expect(inspector.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await inspector.getByLabel("Search by user email").fill(DEMO.email);
  await inspector.getByRole("button", { name: "Search" }).click();
  await expect(inspector).toHaveURL(/#\/sessions\?q=demo%40example\.com/);
  await snapshot(inspector, testInfo, "1-sessions");
  await inspector.locator(`a[href="#/sessions/${sessionId}"]`).click();

  // Session view: the replay renders and plays.
  await expect(inspector.getByRole("heading", { name: `Session of ${DEMO.email}` })).toBeVisible();
  const replay = inspector.getByRole("region", { name: "Replay" });
  await expect(replay.locator(".rr-player iframe")).toBeAttached();
  await expect(replay.locator(".replayer-wrapper iframe")).toBeAttached();
  // Ready once the first full snapshot is rebuilt in the replay frame; then play, and wait for the player
  // to say it plays before watching its clock (on a busy machine each of these steps can take seconds).
  await expect(replay.frameLocator(".replayer-wrapper iframe").locator("body *").first()).toBeAttached({ timeout: 30_000 });
  const clock = replay.locator(".rr-timeline__time").first();
  const before = await clock.textContent();
  await replay.locator(".rr-controller__btns button").first().click(); // play
  await expect(replay.locator('[data-player-state="playing"]')).toBeAttached({ timeout: 30_000 });
  await expect.poll(async () => clock.textContent(), { timeout: 30_000 }).not.toBe(before);
  const timeline = inspector.getByRole("region", { name: "Timeline" });
  await expect(timeline.locator('[data-kind="feedback"]')).toContainText("Inspector check");
  await expect(timeline.locator('[data-kind="network"]', { hasText: "/api/auth/login" })).toContainText("not recorded");
  await snapshot(inspector, testInfo, "2-session");

  // The subscription request opens its server trace: the four spans, then its logs.
  await timeline.locator('[data-kind="network"]', { hasText: "POST /api/subscriptions" }).getByRole("link", { name: "View trace" }).click();
  await expect(inspector).toHaveURL(/#\/traces\/[0-9a-f]{32}$/);
  const spans = inspector.getByRole("table", { name: "Spans" });
  for (const name of ["POST /api/subscriptions", "create_subscription", "fetch_user", "stripe_create_subscription", "save_subscription"]) {
    await expect(spans.locator(`tr[data-span="${name}"]`).first()).toBeVisible();
  }
  const logs = inspector.getByRole("table", { name: "Logs" });
  await expect(logs.locator('tr[data-log="subscription created"]')).toBeVisible();
  await snapshot(inspector, testInfo, "3-trace");

  // Logs view, filtered, and from a log line back to the session.
  await inspector.getByRole("navigation", { name: "Inspector" }).getByRole("link", { name: "Logs" }).click();
  await inspector.getByLabel("Text").fill("subscription created");
  await inspector.getByLabel("Session id").fill(sessionId);
  await inspector.getByRole("button", { name: "Filter" }).click();
  const row = inspector.locator('tr[data-log="subscription created"]').first();
  await expect(row).toBeVisible();
  await snapshot(inspector, testInfo, "4-logs");
  await row.getByRole("link", { name: "session" }).click();
  await expect(inspector).toHaveURL(new RegExp(`#/sessions/${sessionId}$`));
  await expect(inspector.getByRole("heading", { name: `Session of ${DEMO.email}` })).toBeVisible();
});
