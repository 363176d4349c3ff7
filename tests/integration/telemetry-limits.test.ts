import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

/** A telemetry backend that accepts connections and never answers: the worst case for queues. */
let hanging: Server;
let port: number;
beforeAll(async () => {
  hanging = createServer(() => {});
  port = await new Promise<number>((resolve) => hanging.listen(0, "127.0.0.1", () => resolve((hanging.address() as AddressInfo).port)));
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
});

describe("telemetry memory is bounded", () => {
  it("with a backend that never answers, queues stop at the limit and drops are counted", async () => {
    const { stdout } = await run("node_modules/.bin/tsx", ["--import=./tests/support/server-modules.mjs", "tests/support/telemetry-probe.ts", "20000"], {
      env: {
        ...process.env,
        NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "probe",
        HIGHLIGHT_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        NODE_ENV: "test",
      },
      timeout: 120_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      limit: number;
      queued: { spans: number; logs: number };
      dropped: { spans: number; logs: number };
    };
    expect(result.limit).toBe(2048);
    expect(result.queued.spans).toBeLessThanOrEqual(result.limit);
    expect(result.queued.logs).toBeLessThanOrEqual(result.limit);
    expect(result.queued.logs).toBeGreaterThan(0); // the logs really went through the capped queue
    // 20,000 of each were made; at most the queue plus one export batch in flight can be kept.
    expect(result.dropped.spans).toBeGreaterThan(20000 - 2 * result.limit - 1024);
    expect(result.dropped.logs).toBeGreaterThan(20000 - 2 * result.limit - 1024);
  }, 130_000);
});
