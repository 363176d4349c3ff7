/**
 * Serverless: a platform may freeze (or end) a function as soon as its `after()` work is done.
 * An instance started with HIGHLIGHT_SERVERLESS=true is killed (SIGKILL: no shutdown hook runs)
 * the moment it says its export after the response is done; the request's spans and logs must
 * already be at the receiver. Without that export they would still be queued for the next
 * periodic one, 2 s later, and lost with the process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "./fixtures";
import { receiver } from "./receiver";

const PORT = 3103;
const APP = `http://localhost:${PORT}`;

function start(): { app: ChildProcess; output: () => string } {
  const app = spawn(process.execPath, ["tests/e2e/serve-app.mjs", "--reuse", "--port", String(PORT), "--serverless"], {
    detached: true, // its own process group, so the kill reaches `next start` and its workers
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  app.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  app.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { app, output: () => text };
}

const kill = (app: ChildProcess) => {
  try {
    process.kill(-app.pid!, "SIGKILL");
  } catch {
    // already gone
  }
};

test("a request's spans and logs are exported before the function can freeze", async ({ request }) => {
  const session = `serverless${Date.now()}`;
  const requestId = `req${Date.now()}`;
  const { app, output } = start();
  try {
    await expect.poll(async () => (await request.get(`${APP}/api/health`).catch(() => null))?.status() ?? 0, { timeout: 60_000 }).toBe(200);
    const response = await request.get(`${APP}/api/projects`, { headers: { "x-highlight-request": `${session}/${requestId}` } });
    expect(response.status()).toBe(401); // not signed in: a request span, and a warning in the log
    await expect.poll(() => output(), { timeout: 10_000 }).toMatch(`flush after the response to ${requestId} sent`);
    kill(app); // frozen for good, right after its after() work
  } finally {
    kill(app);
  }

  const spans = await receiver.spans({ sessionId: session, service: "web-api" });
  expect(spans.map((span) => span.name)).toContain("GET /api/projects");
  const logs = await receiver.logs({ traceId: spans[0]!.traceId, sessionId: session });
  expect(logs.map((log) => log.body)).toContain("request failed");
});
