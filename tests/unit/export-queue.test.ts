import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { describe, expect, it } from "vitest";
import { ExportQueue, type Exporter } from "@/lib/observability/server/export-queue";

/** A backend that is down until `up` is set, recording what it accepted. */
class FlakyBackend implements Exporter<number> {
  up = false;
  received: number[] = [];
  attempts = 0;
  export(items: number[], done: (result: ExportResult) => void): void {
    this.attempts++;
    if (!this.up) return done({ code: ExportResultCode.FAILED, error: new Error("connection refused") });
    this.received.push(...items);
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown = async () => {};
}

const options = { limit: 100, batchSize: 10, intervalMs: 5, maxBackoffMs: 20 };
const until = async (check: () => boolean, timeoutMs = 2000) => {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("ExportQueue", () => {
  it("keeps what it could not send during an outage and delivers all of it, in order, once the backend is back", async () => {
    const backend = new FlakyBackend();
    const queue = new ExportQueue(backend, options);
    for (let i = 0; i < 50; i++) queue.push(i);
    await until(() => backend.attempts >= 3); // several failed attempts, with backoff
    expect(backend.received).toEqual([]);
    expect(queue.queued).toBe(50);
    backend.up = true;
    await until(() => backend.received.length === 50);
    expect(backend.received).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(queue.dropped).toBe(0);
  });

  it("stays within its limit when the outage outlasts it, and counts every dropped item", async () => {
    const backend = new FlakyBackend();
    const queue = new ExportQueue(backend, options);
    for (let i = 0; i < 250; i++) queue.push(i);
    await until(() => backend.attempts >= 2);
    expect(queue.queued).toBeLessThanOrEqual(options.limit);
    expect(queue.queued + queue.dropped).toBe(250);
    backend.up = true;
    expect(await queue.flush()).toBe(true);
    expect(backend.received.length + queue.dropped).toBe(250);
    expect(backend.received.slice(0, 5)).toEqual([0, 1, 2, 3, 4]); // the oldest were kept
  });

  it("an exporter that throws is an export failure, not a crash", async () => {
    const queue = new ExportQueue<number>({ export: () => { throw new Error("bug"); }, shutdown: async () => {} }, options);
    queue.push(1);
    expect(await queue.flush()).toBe(false);
    expect(queue.queued).toBe(1);
  });
});
