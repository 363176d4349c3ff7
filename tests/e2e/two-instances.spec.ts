/**
 * Several app instances, one truth: a second `next start` of the same build on the same database
 * (port 3105) beside the main e2e instance. Sessions, rate limits and the one-live-subscription
 * invariant live in the database, not in a process, so they hold whichever instance answers; and
 * a browser session's requests land with its session id whichever instance served them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request as http, type APIRequestContext } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures";
import { E2E } from "./ports";
import { receiver } from "./receiver";

const SECOND = "http://localhost:3105";
let second: ChildProcess | undefined;

test.beforeAll(async () => {
  second = spawn(process.execPath, ["tests/e2e/serve-app.mjs", "--reuse", "--port", "3105"], { stdio: "ignore" });
  await expect.poll(async () => (await fetch(`${SECOND}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
});

test.afterAll(() => {
  second?.kill("SIGTERM");
});

let clients = 0;

/**
 * One client (one cookie jar, one address) that talks to both instances, as through a load balancer
 * that appends the client's address to X-Forwarded-For (the e2e servers trust one proxy hop).
 */
async function client(): Promise<APIRequestContext> {
  const address = `198.51.100.${(++clients % 250) + 1}`;
  return http.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
}

async function signUp(api: APIRequestContext): Promise<{ id: string; email: string }> {
  const email = uniqueEmail("scale");
  const res = await api.post(`${E2E.appUrl}/api/auth/signup`, { data: { name: "Scale Out", email, password: "password-1" } });
  expect(res.status()).toBe(201);
  return (await res.json()).user;
}

test("a session made on one instance works on the other", async () => {
  const api = await client();
  const user = await signUp(api); // on the first instance
  const me = await api.get(`${SECOND}/api/me`); // the cookie is for localhost, whichever port
  expect(me.status()).toBe(200);
  expect((await me.json()).user).toMatchObject({ id: user.id });
  await api.post(`${SECOND}/api/auth/logout`);
  expect((await api.get(`${E2E.appUrl}/api/me`)).status()).toBe(401); // signed out everywhere
  await api.dispose();
});

test("sign-in attempts are counted across instances", async () => {
  const api = await client();
  const { email } = await signUp(api);
  const attempt = (base: string) => api.post(`${base}/api/auth/login`, { data: { email, password: "wrong-password" } });
  // 5 wrong guesses per account and address, split over both instances…
  for (const base of [E2E.appUrl, SECOND, E2E.appUrl, SECOND, E2E.appUrl]) expect((await attempt(base)).status()).toBe(401);
  // …and the next one is refused by either.
  for (const base of [SECOND, E2E.appUrl]) {
    const res = await attempt(base);
    expect(res.status()).toBe(429);
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  }
  await api.dispose();
});

test("concurrent purchases split across instances make one live subscription", async () => {
  const api = await client();
  await signUp(api);
  const plans = ["pro", "team", "pro", "team"];
  const results = await Promise.all(
    plans.map((planId, i) =>
      api.post(`${i % 2 ? SECOND : E2E.appUrl}/api/subscriptions`, {
        data: { planId },
        headers: { "idempotency-key": `scale-${Date.now()}-${i}` },
      }),
    ),
  );
  // One subscribes, the others change that subscription, one after another (or are told one is in progress).
  for (const res of results) expect([200, 409]).toContain(res.status());
  expect(results.filter((res) => res.status() === 200).length).toBeGreaterThan(0);

  const stripe = await http.newContext({ extraHTTPHeaders: { authorization: "Bearer sk_test_e2e" } });
  const { data } = (await (await stripe.get(`${E2E.stripeUrl}/v1/subscriptions`)).json()) as {
    data: { status: string; metadata: Record<string, string> }[];
  };
  const { team } = (await (await api.get(`${E2E.appUrl}/api/team`)).json()) as { team: { id: string } };
  const live = data.filter((sub) => sub.metadata.teamId === team.id && ["active", "trialing", "past_due"].includes(sub.status));
  expect(live).toHaveLength(1);
  await stripe.dispose();
  await api.dispose();
});

test("one browser session's requests carry its id whichever instance serves them", async () => {
  const api = await client();
  await signUp(api);
  const session = `scaleout${Date.now()}`;
  const call = (base: string, requestId: string) => api.get(`${base}/api/me`, { headers: { "x-highlight-request": `${session}/${requestId}` } });
  expect((await call(E2E.appUrl, `first${Date.now()}`)).status()).toBe(200);
  expect((await call(SECOND, `second${Date.now()}`)).status()).toBe(200);

  let spans: Awaited<ReturnType<typeof receiver.spans>> = [];
  await expect
    .poll(async () => (spans = await receiver.spans({ sessionId: session, name: "GET /api/me" })).length, { timeout: 30_000, intervals: [500, 1000] })
    .toBe(2);
  // Two requests, two trace trees (one per request), one session.
  expect(new Set(spans.map((span) => span.traceId)).size).toBe(2);
  for (const span of spans) expect(span.attributes["highlight.session_id"]).toBe(session);
  await api.dispose();
});
