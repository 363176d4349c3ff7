import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "@/tools/telemetry-receiver/store.mjs";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "store-"));
const span = (i: number, ts: number) => ({ ts, traceId: `${i}`.padStart(32, "0"), spanId: `${i}`.padStart(16, "0"), name: `span_${i}`, attributes: {} });

describe("telemetry receiver store", () => {
  it("indexes spans and logs by trace, and survives a restart", () => {
    const dir = tempDir();
    const store = new Store(dir);
    store.append("spans", [span(1, Date.now()), span(2, Date.now())]);
    store.append("logs", [{ ts: Date.now(), traceId: span(1, 0).traceId, body: "hello", attributes: {} }]);
    const reopened = new Store(dir);
    expect(reopened.spansByTrace.get(span(1, 0).traceId)?.map((s) => s.name)).toEqual(["span_1"]);
    expect(reopened.logsByTrace.get(span(1, 0).traceId)).toHaveLength(1);
  });

  it("drops records past the age cap, on disk too", () => {
    const dir = tempDir();
    const store = new Store(dir, { maxAgeMs: 60_000 });
    const now = Date.now();
    store.append("spans", [span(1, now - 120_000), span(2, now)]);
    store.prune(now);
    expect(store.data.spans.map((s) => s.name)).toEqual(["span_2"]);
    expect(readFileSync(path.join(dir, "spans.ndjson"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(store.spansByTrace.has(span(1, 0).traceId)).toBe(false);
  });

  it("keeps the newest records under the size cap", () => {
    const store = new Store(tempDir(), { maxBytes: 20_000 });
    const now = Date.now();
    store.append("spans", Array.from({ length: 500 }, (_, i) => span(i, now + i)));
    store.prune(now);
    expect(store.bytes()).toBeLessThanOrEqual(20_000);
    expect(store.data.spans.length).toBeGreaterThan(0);
    expect(store.data.spans.at(-1)?.name).toBe("span_499"); // the oldest went first
  });
});
