/**
 * Nothing lost in a telemetry outage shorter than the queue: server logs and spans made while the
 * backend is down arrive once it is back (the real OTLP exporters, the real receiver, a closed port
 * in between). Before the export queue, a failed batch was dropped: 0 of 10 log records arrived.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInScope } from "@/lib/observability/server/context";
import { logger } from "@/lib/observability/server/logger";
import { createPipeline, setTelemetry } from "@/lib/observability/server/pipeline";
import { withSpan } from "@/lib/observability/server/tracing";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";
import { testSettings } from "@/tests/support/pipeline";

/** A free port, closed again: the backend is "down" until the receiver listens on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let receiver: ReturnType<typeof createReceiver> | undefined;
afterAll(async () => {
  setTelemetry(undefined);
  await receiver?.close();
});

describe("a telemetry outage", () => {
  it("loses no log record or span made while the backend was down", async () => {
    const port = await freePort();
    const pipeline = createPipeline(testSettings({ otlpEndpoint: `http://127.0.0.1:${port}`, exportIntervalMs: 200 }));
    setTelemetry(pipeline);

    await runInScope({ sessionId: "outageSession1", requestId: "outage-req", sampled: true }, async () => {
      for (let i = 0; i < 10; i++) await withSpan("write_record", { index: i }, async () => logger.info("during the outage", { index: i }));
    });
    // The backend stays down until exports have failed, more than once.
    const giveUpAt = Date.now() + 25_000;
    while (pipeline.stats().logs.failures < 2 && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pipeline.stats().logs.failures).toBeGreaterThan(1);
    expect(pipeline.stats().logs.dropped).toBe(0);

    receiver = createReceiver({ port, host: "127.0.0.1", dir: mkdtempSync(path.join(tmpdir(), "outage-")) });
    await receiver.listen();
    const url = `http://127.0.0.1:${port}`;
    const counts = async () => {
      const headers = { "x-receiver-token": receiver!.token };
      const logs = ((await (await fetch(`${url}/api/logs?sessionId=outageSession1`, { headers })).json()) as { logs: unknown[] }).logs;
      const spans = ((await (await fetch(`${url}/api/spans?sessionId=outageSession1`, { headers })).json()) as { spans: unknown[] }).spans;
      return { logs: logs.length, spans: spans.length };
    };
    let got = { logs: 0, spans: 0 };
    for (let i = 0; i < 200 && (got.logs < 10 || got.spans < 10); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      got = await counts();
    }
    expect(got).toEqual({ logs: 10, spans: 10 });
  }, 90_000);
});
