import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { runDoctor } from "@/scripts/highlight-doctor";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";

const envFor = (base: string) =>
  parseEnv({
    NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "doctor-test",
    NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: `${base}/public`,
    NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: base,
    HIGHLIGHT_OTLP_ENDPOINT: base,
  });

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

let receiver: ReturnType<typeof createReceiver>;
let receiverPort: number;
let failing: Server;
let failingPort: number;
let closedPort: number;

beforeAll(async () => {
  receiver = createReceiver({ port: 0, host: "127.0.0.1", dir: mkdtempSync(path.join(tmpdir(), "doctor-")) });
  receiverPort = ((await receiver.listen()) as AddressInfo).port;
  failing = createServer((_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end("boom"));
  failingPort = await listen(failing);
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await receiver.close();
  await new Promise((resolve) => failing.close(resolve));
});

describe("highlight:doctor", () => {
  it("passes every check against the local receiver, and the receiver really got the test span and log", async () => {
    const checks = await runDoctor(envFor(`http://127.0.0.1:${receiverPort}`));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.check)).toEqual(
      expect.arrayContaining(["DNS", "TCP", "OTLP export (1 test span)", "OTLP export (1 test log)", "GraphQL initializeSession", "CORS preflight"]),
    );
    expect(receiver.store.data.spans.some((s) => s.name === "doctor_test_span")).toBe(true);
    expect(receiver.store.data.logs.some((l) => l.body === "highlight doctor test log")).toBe(true);
  });

  it("fails clearly on a closed port, without hanging", async () => {
    const started = Date.now();
    const checks = await runDoctor(envFor(`http://127.0.0.1:${closedPort}`), { timeoutMs: 2000 });
    const tcp = checks.filter((c) => c.check === "TCP");
    expect(tcp.length).toBe(3);
    expect(tcp.every((c) => !c.ok && /ECONNREFUSED/.test(c.detail) && c.fix)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("fails clearly when the backend answers 500", async () => {
    const checks = await runDoctor(envFor(`http://127.0.0.1:${failingPort}`), { timeoutMs: 2000 });
    const exports = checks.filter((c) => c.check.startsWith("OTLP export") || c.check.startsWith("GraphQL"));
    expect(exports.length).toBe(4);
    expect(exports.every((c) => !c.ok && c.detail.includes("500"))).toBe(true);
  });

  it("times out on a server that never answers", async () => {
    const silent = createServer(() => {}); // accepts, never responds
    const port = await listen(silent);
    try {
      const started = Date.now();
      const checks = await runDoctor(envFor(`http://127.0.0.1:${port}`), { timeoutMs: 500 });
      expect(checks.filter((c) => c.check.startsWith("OTLP export")).every((c) => !c.ok && c.detail.includes("timed out"))).toBe(true);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
