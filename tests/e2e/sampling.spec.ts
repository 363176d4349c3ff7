/**
 * Sampling by browser session, on an instance started with HIGHLIGHT_SAMPLE_RATE=0: the browser
 * and the server agree the session is sampled out, so the server sends no spans for it (page
 * loads, API calls, database work), yet an error in it is still reported with its session id.
 */
import { DEMO, expect, sessionCookie, test } from "./fixtures";
import { E2E } from "./ports";
import { receiver } from "./receiver";

const POLL = { timeout: 40_000, intervals: [500, 1000, 2000] };

test("a sampled-out session sends no server spans, and its errors are still reported with the session", async ({ page }) => {
  const app = E2E.appSampledOutUrl;
  await page.goto(`${app}/sign-in`);
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${app}/dashboard`);

  // The recorder starts, learns its session id, keeps it in the cookie and stops recording.
  let session = "";
  await expect.poll(async () => (session = await sessionCookie(page)), POLL).not.toBe("");

  // Work that a sampled session would trace: a page load (render + database) and an API call.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch("/api/projects")).status)).toBe(200);
  // And an error.
  expect(await page.evaluate(async () => (await fetch("/api/demo/error")).status)).toBe(500);

  // The server's spans (the browser SDK sends its own, from before it learned it is sampled out).
  const serverSpans = async () => receiver.spans({ sessionId: session, service: "web-api" });
  let spans: Awaited<ReturnType<typeof receiver.spans>> = [];
  await expect.poll(async () => (spans = await serverSpans()).length, POLL).toBeGreaterThan(0);
  // Give anything else from this session time to arrive (the server exports every 2 s).
  await page.waitForTimeout(5000);
  spans = await serverSpans();

  expect(spans.map((s) => s.name)).toEqual(["GET /api/demo/error"]);
  const [error] = spans;
  expect(error!.status.code).toBe(2);
  expect(error!.events.find((e) => e.name === "exception")?.attributes["exception.message"]).toContain("thrown on purpose");
  // Server logs of the session: only its error records.
  const logs = (await receiver.logs({ sessionId: session })).filter((l) => l.serviceName === "web-api");
  expect(logs.length).toBeGreaterThan(0);
  expect(logs.every((l) => l.severity === "error")).toBe(true);
});
