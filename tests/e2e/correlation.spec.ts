/**
 * Correlation beyond fetch: a page load (server components) and a server action are linked to
 * the browser session by proxy.ts, with their spans and their log lines.
 */
import { expect, sessionCookie, signIn, test } from "./fixtures";
import { E2E } from "./ports";
import { receiver, type Span } from "./receiver";
import { RECORDER_MARKS } from "@/lib/observability/shared/settings";

const POLL = { timeout: 40_000, intervals: [500, 1000, 2000] };

/** The browser session, once the recorder (started when the main thread is idle) has named it. */
async function sessionId(page: import("@playwright/test").Page) {
  let cookie = "";
  await expect.poll(async () => (cookie = await sessionCookie(page)), POLL).not.toBe("");
  return cookie;
}

async function spanWithLog(name: string, session: string, logBody: string): Promise<Span> {
  let span: Span | undefined;
  await expect.poll(async () => (span = (await receiver.spans({ name, sessionId: session })).at(-1)) !== undefined, POLL).toBe(true);
  await expect
    .poll(async () => (await receiver.logs({ traceId: span!.traceId, sessionId: session })).map((l) => l.body), POLL)
    .toContain(logBody);
  return span!;
}

test("a dashboard page load and a server action carry the browser session into spans and logs", async ({ page }) => {
  await signIn(page);
  const session = await sessionId(page);
  // highlight.run resumes a session across page loads once it has pushed data; wait for that.
  await expect.poll(async () => (await receiver.session(session))?.eventCount ?? 0, POLL).toBeGreaterThan(0);
  await page.reload(); // a full page load: no SDK header, only the session cookie
  expect(await sessionId(page)).toBe(session);

  const load = await spanWithLog("load_dashboard", session, "dashboard loaded");
  expect(load.attributes["user.id"]).toBeTruthy();

  const name = `Traced ${Date.now()}`;
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByText(name)).toBeVisible();

  const action = await spanWithLog("create_project", session, "project created");
  expect(action.attributes).toMatchObject({ "next.action": "create_project", "highlight.session_id": session });
  expect(action.status.code).toBe(1);
});

test("a server component that throws is reported by onRequestError with the browser session", async ({ page }) => {
  await signIn(page);
  const session = await sessionId(page);
  await page.getByRole("link", { name: "Open a page that fails to render" }).click();
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();

  let exception: Record<string, unknown> | undefined;
  await expect
    .poll(async () => {
      const spans = await receiver.spans({ sessionId: session });
      exception = spans
        .flatMap((s) => s.events)
        .find((e) => e.name === "exception" && String(e.attributes["exception.message"]).includes("rendering a server component"))?.attributes;
      return exception !== undefined;
    }, POLL)
    .toBe(true);
});

test("a page left before the recorder's first send: the next page goes on in the same session", async ({ page }) => {
  // The backend answers the first page's initializeSession only once the page is gone, so the
  // recorder there sends nothing: highlight.run alone would start a new session on the next page.
  let holdFirstPage = true;
  let pageLeft!: () => void;
  const left = new Promise<void>((resolve) => (pageLeft = resolve));
  await page.route(`${E2E.receiverUrl}/public`, async (route) => {
    if (holdFirstPage && (route.request().postData() ?? "").includes("mutation initializeSession")) await left;
    await route.continue().catch(() => {}); // its page may be gone
  });
  const initialized = page.waitForRequest((r) => r.url() === `${E2E.receiverUrl}/public` && (r.postData() ?? "").includes("initializeSession"));
  await page.goto("/sign-in");
  await initialized; // the recorder has started and named its session
  const first = await sessionId(page);

  holdFirstPage = false;
  await page.goto("/sign-up");
  pageLeft();
  await expect.poll(() => page.evaluate((mark) => performance.getEntriesByName(mark, "mark").length, RECORDER_MARKS.ready), POLL).toBe(1);
  expect(await sessionCookie(page)).toBe(first);
  // The second page's replay reaches the first page's session.
  await expect
    .poll(async () => (await receiver.session(first))?.events.some((e) => JSON.stringify(e).includes("/sign-up")) ?? false, POLL)
    .toBe(true);
});
