/**
 * The README's promise that lib/observability can be lifted into another Next.js app: a bare app
 * (tests/fixtures/observability-app) gets copies of lib/observability and lib/env.ts and nothing
 * else from the product, builds, and links a request to its browser session in the receiver.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
// Outside the repo (so nothing of it is found by walking up), with the repo's node_modules linked in.
const app = path.join(mkdtempSync(path.join(tmpdir(), "portable-app-")), "app");
const PORT = 3190;
const next = path.join(root, "node_modules", ".bin", "next");

let receiver: ReturnType<typeof createReceiver>;
let server: ChildProcess | undefined;
let receiverUrl = "";

beforeAll(async () => {
  rmSync(app, { recursive: true, force: true });
  cpSync(path.join(root, "tests/fixtures/observability-app"), app, { recursive: true });
  cpSync(path.join(root, "lib/observability"), path.join(app, "lib/observability"), { recursive: true });
  cpSync(path.join(root, "lib/env.ts"), path.join(app, "lib/env.ts"));
  symlinkSync(path.join(root, "node_modules"), path.join(app, "node_modules"));

  receiver = createReceiver({ port: 0, host: "127.0.0.1", dir: mkdtempSync(path.join(tmpdir(), "portable-")) });
  const address = (await receiver.listen()) as { port: number };
  receiverUrl = `http://127.0.0.1:${address.port}`;

  // NEXT_PUBLIC_* values present at build time are inlined: build without them, set them at start.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("NEXT_PUBLIC_"))),
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  await run(next, ["build"], { cwd: app, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  server = spawn(next, ["start", "--port", String(PORT)], {
    cwd: app,
    env: { ...env, NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "portable", HIGHLIGHT_OTLP_ENDPOINT: receiverUrl, AUTH_SECRET: "x".repeat(32), STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" },
    stdio: process.env.PORTABLE_APP_LOG ? "inherit" : "ignore",
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/ping`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the portable app did not start");
}, 300_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await receiver?.close();
  rmSync(app, { recursive: true, force: true });
});

const get = async <T>(query: string) => (await (await fetch(`${receiverUrl}${query}`, { headers: { "x-receiver-token": receiver.token } })).json()) as T;

describe("lib/observability in another Next.js app", () => {
  it("links a route's span, its child span and its log line to the browser session", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/ping`, { headers: { "x-highlight-request": "portableSession1/req42" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req42");

    type Span = { name: string; traceId: string; spanId: string; parentSpanId?: string; resource: Record<string, unknown> };
    let spans: Span[] = [];
    for (let i = 0; i < 80 && spans.length < 2; i++) {
      spans = (await get<{ spans: Span[] }>("/api/spans?sessionId=portableSession1")).spans;
      if (spans.length < 2) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const route = spans.find((s) => s.name === "GET /api/ping")!;
    const child = spans.find((s) => s.name === "answer_ping")!;
    expect(child.parentSpanId).toBe(route.spanId);
    expect(route.resource["highlight.project_id"]).toBe("portable");
    const { logs } = await get<{ logs: { body: unknown; traceId?: string }[] }>("/api/logs?sessionId=portableSession1");
    expect(logs.find((l) => l.body === "pong")?.traceId).toBe(route.traceId);
  }, 30_000);

  it("renders a page wrapped in withHighlightPage, traced with the session from the cookie", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/`, { headers: { cookie: "sessionSecureID=portableSession2" } });
    expect(await response.text()).toContain("Hello");
    let names: string[] = [];
    for (let i = 0; i < 80 && !names.includes("render_home"); i++) {
      names = (await get<{ spans: { name: string }[] }>("/api/spans?sessionId=portableSession2")).spans.map((s) => s.name);
      if (!names.includes("render_home")) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(names).toContain("render_home");
  }, 30_000);
});
