/**
 * The server's OTLP/HTTP exporter against a capturing HTTP server on loopback: what goes on the
 * wire (path, headers, gzip at level 1, OTLP/protobuf with the session id) and how it fails.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { serverObservability } from "@/lib/observability/server/config";
import { runInScope } from "@/lib/observability/server/context";
import { logger } from "@/lib/observability/server/logger";
import { createOtlpHttpExporter } from "@/lib/observability/server/otlp-http-exporter";
import { encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { createPipeline, setTelemetry } from "@/lib/observability/server/pipeline";
import { withSpan } from "@/lib/observability/server/tracing";
import { testSettings } from "@/tests/support/pipeline";
import { flattenLogs, flattenSpans } from "@/tools/telemetry-receiver/decode.mjs";
import { decodeOtlpProtobuf } from "@/tools/telemetry-receiver/otlp-protobuf.mjs";

type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };

/** An OTLP endpoint that records every request and answers with `status()` (or never, when null). */
async function capture(status: () => number | null = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const code = status();
      if (code !== null) res.writeHead(code, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  servers.push(server);
  return { url: `http://127.0.0.1:${port}`, received };
}
const servers: Server[] = [];
afterEach(async () => {
  setTelemetry(undefined);
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const exportOnce = (exporter: { export(items: ReadableSpan[], done: (r: ExportResult) => void): void }, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

describe("the OTLP/HTTP exporter", () => {
  it("sends spans and logs as OTLP/protobuf, gzipped at level 1, with the configured headers", async () => {
    const backend = await capture();
    const pipeline = createPipeline(testSettings({ otlpEndpoint: backend.url, otlpHeaders: { "x-api-key": "k1" } }));
    setTelemetry(pipeline);
    await runInScope({ sessionId: "wireSession1", requestId: "wire-req", sampled: true }, () =>
      withSpan("create_thing", { "thing.count": 2 }, async () => logger.info("thing created", { count: 2 })),
    );
    expect(await pipeline.flush()).toBe(true);

    const traces = backend.received.find((r) => r.path === "/v1/traces");
    const logs = backend.received.find((r) => r.path === "/v1/logs");
    expect(traces && logs).toBeTruthy();
    for (const request of [traces!, logs!]) {
      expect(request.headers["content-type"]).toBe("application/x-protobuf");
      expect(request.headers["content-encoding"]).toBe("gzip");
      expect(request.headers["x-api-key"]).toBe("k1");
      // RFC 1952 XFL byte: 4 = "compressor used fastest algorithm" (level 1); zlib's default level 6 writes 0.
      expect(request.body[8]).toBe(4);
    }
    const [span] = flattenSpans(decodeOtlpProtobuf("/v1/traces", gunzipSync(traces!.body)));
    expect(span).toMatchObject({ name: "create_thing", attributes: { "highlight.session_id": "wireSession1", "thing.count": 2 } });
    expect(span!.resource).toMatchObject({ "highlight.project_id": "test" });
    const [record] = flattenLogs(decodeOtlpProtobuf("/v1/logs", gunzipSync(logs!.body)));
    expect(record).toMatchObject({ body: "thing created", traceId: span!.traceId, attributes: { "highlight.session_id": "wireSession1" } });
  });

  it("sends plain OTLP/protobuf, without content-encoding, when compression is none (OTEL_EXPORTER_OTLP_COMPRESSION)", async () => {
    const backend = await capture();
    const compression = serverObservability(parseEnv({ OTEL_EXPORTER_OTLP_COMPRESSION: "none" })).otlpCompression;
    const pipeline = createPipeline(testSettings({ otlpEndpoint: backend.url, otlpCompression: compression }));
    setTelemetry(pipeline);
    await runInScope({ sessionId: "plainSession1", requestId: "plain-req", sampled: true }, () =>
      withSpan("plain_thing", {}, async () => logger.info("plain record")),
    );
    expect(await pipeline.flush()).toBe(true);

    for (const path of ["/v1/traces", "/v1/logs"]) {
      const request = backend.received.find((r) => r.path === path)!;
      expect(request.headers["content-type"]).toBe("application/x-protobuf");
      expect(request.headers["content-encoding"]).toBeUndefined();
      expect(Number(request.headers["content-length"])).toBe(request.body.length);
    }
    const traces = backend.received.find((r) => r.path === "/v1/traces")!;
    expect(flattenSpans(decodeOtlpProtobuf("/v1/traces", traces.body))[0]).toMatchObject({ name: "plain_thing", attributes: { "highlight.session_id": "plainSession1" } });
    const logs = backend.received.find((r) => r.path === "/v1/logs")!;
    expect(flattenLogs(decodeOtlpProtobuf("/v1/logs", logs.body))[0]).toMatchObject({ body: "plain record", attributes: { "highlight.session_id": "plainSession1" } });
  });

  it("reports a failed export when the backend answers with an error, so the queue keeps the batch", async () => {
    let status = 503;
    const backend = await capture(() => status);
    const pipeline = createPipeline(testSettings({ otlpEndpoint: backend.url }));
    setTelemetry(pipeline);
    await runInScope({ sessionId: "wireSession2", requestId: "wire-req-2", sampled: true }, () => withSpan("keep_batch", {}, async () => {}));
    expect(await pipeline.flush()).toBe(false);
    expect(pipeline.stats().spans).toMatchObject({ queued: 1, failures: 1, exported: 0 });
    status = 200;
    expect(await pipeline.flush()).toBe(true);
    expect(pipeline.stats().spans).toMatchObject({ queued: 0, exported: 1 });
    expect(backend.received.filter((r) => r.path === "/v1/traces")).toHaveLength(2);
  });

  it("gives up on a backend that does not answer within the timeout", async () => {
    const backend = await capture(() => null);
    const exporter = createOtlpHttpExporter(encodeTraces, { url: `${backend.url}/v1/traces`, timeoutMs: 200 });
    const started = Date.now();
    const result = await exportOnce(exporter, [fakeSpan()]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(Date.now() - started).toBeLessThan(5_000);
    await exporter.shutdown();
  });

  it("reports a failed export when nothing listens", async () => {
    const exporter = createOtlpHttpExporter(encodeTraces, { url: "http://127.0.0.1:9/v1/traces", timeoutMs: 2_000 });
    expect((await exportOnce(exporter, [fakeSpan()])).code).toBe(ExportResultCode.FAILED);
    await exporter.shutdown();
  });
});

describe("OTEL_EXPORTER_OTLP_COMPRESSION", () => {
  it("is gzip unless set to none, and anything else is refused at start-up", () => {
    expect(serverObservability(parseEnv({})).otlpCompression).toBe("gzip");
    expect(serverObservability(parseEnv({ OTEL_EXPORTER_OTLP_COMPRESSION: "none" })).otlpCompression).toBe("none");
    expect(() => parseEnv({ OTEL_EXPORTER_OTLP_COMPRESSION: "zstd" })).toThrow(/OTEL_EXPORTER_OTLP_COMPRESSION: must be gzip or none/);
  });
});

describe("OTEL_EXPORTER_OTLP_HEADERS", () => {
  it("parses key=value pairs, lower-casing keys and percent-decoding values", () => {
    const headers = (list?: string) => parseEnv({ OTEL_EXPORTER_OTLP_HEADERS: list }).OTEL_EXPORTER_OTLP_HEADERS;
    expect(headers("X-Api-Key=abc%3D%3D, tenant = t1")).toEqual({ "x-api-key": "abc==", tenant: "t1" });
    expect(headers(undefined)).toBeUndefined();
  });

  it("is validated at start-up with a clear message", () => {
    expect(parseEnv({ OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc" }).OTEL_EXPORTER_OTLP_HEADERS).toEqual({ "x-api-key": "abc" });
    for (const bad of ["just-a-key", "bad key=1", "x=%E0%A4%A"]) {
      expect(() => parseEnv({ OTEL_EXPORTER_OTLP_HEADERS: bad })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS: must be key=value pairs/);
    }
  });
});

/** The smallest span the serializer accepts. */
function fakeSpan(): ReadableSpan {
  return {
    name: "probe",
    kind: 0,
    spanContext: () => ({ traceId: "0".repeat(31) + "1", spanId: "0".repeat(15) + "1", traceFlags: 1 }),
    startTime: [0, 0],
    endTime: [0, 1],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [0, 1],
    ended: true,
    resource: { attributes: {} } as ReadableSpan["resource"],
    instrumentationScope: { name: "test" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as ReadableSpan;
}
