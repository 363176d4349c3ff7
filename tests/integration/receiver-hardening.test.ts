/**
 * The local telemetry receiver is closed to other pages and answers bad input with a 4xx and keeps
 * running. Before: any page on localhost could read recorded sessions (it echoed every Origin with
 * credentials) and it answered any Host (DNS rebinding); a malformed fault request, JSON nested
 * 20,000 deep, and a gzip bomb each crashed it or ballooned its memory.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";

let receiver: ReturnType<typeof createReceiver>;
let url = "";

beforeAll(async () => {
  receiver = createReceiver({
    port: 0,
    host: "127.0.0.1",
    dir: mkdtempSync(path.join(tmpdir(), "hardening-")),
    allowedOrigins: ["http://localhost:3000"],
  });
  const { port } = (await receiver.listen()) as { port: number };
  url = `http://127.0.0.1:${port}`;
});
afterAll(() => receiver.close());

const alive = async () => (await fetch(`${url}/api/health`)).status;
const authorized = () => ({ "x-receiver-token": receiver.token });
const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

describe("the telemetry receiver is closed to other pages", () => {
  const otlp = JSON.stringify({ resourceSpans: [] });

  it("the read API and fault injection need the token; the inspector page carries it", async () => {
    for (const [method, route] of [["GET", "/api/sessions"], ["GET", "/api/requests"], ["POST", "/api/fault"], ["POST", "/api/reset"]] as const) {
      expect((await fetch(`${url}${route}`, { method, body: method === "POST" ? '{"mode":"none"}' : undefined })).status, route).toBe(401);
    }
    expect((await fetch(`${url}/api/requests`, { headers: authorized() })).status).toBe(200);
    const page = await (await fetch(`${url}/inspector/`)).text();
    expect(page).toContain(`content="${receiver.token}"`);
  });

  it("another page's origin gets no CORS and no data; the app's origin may send telemetry", async () => {
    const evil = { origin: "http://127.0.0.1:8099" };
    const read = await fetch(`${url}/api/sessions`, { headers: { ...evil, ...authorized() } });
    expect(read.status).toBe(403);
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${url}/v1/traces`, { method: "OPTIONS", headers: { ...evil, "access-control-request-method": "POST" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect((await fetch(`${url}/v1/traces`, { method: "POST", headers: { ...evil, "content-type": "application/json" }, body: otlp })).status).toBe(403);

    const app = { origin: "http://localhost:3000" };
    const ok = await fetch(`${url}/v1/traces`, { method: "POST", headers: { ...app, "content-type": "application/json" }, body: otlp });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    // Server-side exporters send no Origin.
    expect((await fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: otlp })).status).toBe(200);
  });

  it("a request for another host name (DNS rebinding) is refused", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/api/health`, { headers: { host: "attacker.example:4318" } }, (res) => resolve(res.statusCode ?? 0));
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe("the telemetry receiver under hostile input", () => {
  it("a malformed fault request is a 400, and the receiver keeps running", async () => {
    for (const body of ["{", "null", "[]", '{"mode":"melt"}']) {
      const response = await fetch(`${url}/api/fault`, { method: "POST", headers: authorized(), body });
      expect(response.status, body).toBe(400);
    }
    expect(await alive()).toBe(200);
  });

  it("JSON nested 20,000 deep is refused at the door, so later reads still work", async () => {
    const graphql = `{"operationName":"identifySession","query":"mutation identifySession { identifySession }","variables":{"session_secure_id":"deep1","user_object":${deep(20_000)}}}`;
    expect((await fetch(`${url}/public`, { method: "POST", headers: { "content-type": "application/json" }, body: graphql })).status).toBe(400);
    const nestedInString = JSON.stringify({
      operationName: "identifySession",
      query: "mutation identifySession { identifySession }",
      variables: { session_secure_id: "deep2", user_object: deep(20_000) },
    });
    expect((await fetch(`${url}/public`, { method: "POST", headers: { "content-type": "application/json" }, body: nestedInString })).status).toBe(400);
    expect((await fetch(`${url}/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: deep(20_000) })).status).toBe(400);
    expect((await fetch(`${url}/api/sessions`, { headers: authorized() })).status).toBe(200);
    expect((await fetch(`${url}/api/graphql`, { headers: authorized() })).status).toBe(200);
    expect(await alive()).toBe(200);
  });

  it("a gzip bomb is a 413 without inflating it in memory", async () => {
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20)); // 256 MB of spaces: about 250 KB of gzip
    const before = process.memoryUsage().rss;
    const response = await fetch(`${url}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: bomb,
    });
    expect(response.status).toBe(413);
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(150);
    expect(await alive()).toBe(200);
  }, 30_000);
});
