/**
 * The app's OTLP/protobuf writer against OpenTelemetry's own serializers: for spans and log records
 * of every shape (events, links, remote parents, trace state, unicode, every attribute type, values
 * long enough to need multi-byte lengths and a grown buffer, several resources and scopes), the
 * message it writes decodes to what OpenTelemetry's protobuf writes, once fields OpenTelemetry writes
 * at their default value (zero dropped counts, an UNSET status) are set aside, and to what its OTLP/JSON says.
 */
import { SpanKind, SpanStatusCode, TraceFlags, createTraceState, trace, ROOT_CONTEXT } from "@opentelemetry/api";
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, type SdkLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { encodeLogs, encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { createSpanRecorder } from "@/lib/observability/server/span-recorder";
import { flattenLogs, flattenSpans } from "@/tools/telemetry-receiver/decode.mjs";
import { decodeOtlpProtobuf } from "@/tools/telemetry-receiver/otlp-protobuf.mjs";

const resourceA = resourceFromAttributes({ "service.name": "web-api", "highlight.project_id": "p1" });
const resourceB = resourceFromAttributes({ "service.name": "worker", "highlight.project_id": "p1", "host.cpus": 2 });
const long = "x".repeat(200); // a length that takes two varint bytes
const huge = "é".repeat(40_000); // 80 KB of UTF-8: three length bytes, and more than the writer's first buffer

function sdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracers = [resourceA, resourceB].map((resource) => new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  const app = tracers[0]!.getTracer("app", "1.2.3");
  const prisma = tracers[0]!.getTracer("prisma");
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "0AF7651916CD43DD8448EB211C80319C".toLowerCase(),
    spanId: "b7ad6b7169203331",
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState("vendor=value,other=1"),
  });
  const parent = app.startSpan(
    "list_things",
    {
      kind: SpanKind.SERVER,
      attributes: {
        "highlight.session_id": "sess1",
        "http.status_code": 201,
        ratio: 0.25,
        negative: -7,
        big: 2 ** 40,
        "very.negative": -(2 ** 40),
        zero: 0,
        ok: true,
        no: false,
        tags: ["a", "b"],
        counts: [1, 2.5, -3],
        flags: [true, false],
        text: `naïve — 日本 🎉 ${long}`,
        empty: "",
      },
    },
    remote,
  );
  parent.addEvent("cache_miss", { key: "k1" });
  parent.addEvent("bare");
  parent.recordException(new Error("it broke"));
  parent.setStatus({ code: SpanStatusCode.ERROR, message: "it broke" });
  parent.end();
  const child = app.startSpan(
    "select_things",
    { kind: SpanKind.CLIENT, links: [{ context: parent.spanContext(), attributes: { why: "retry" } }, { context: trace.getSpanContext(remote)! }] },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  prisma.startSpan("run_operation", { attributes: { payload: huge } }).end();
  tracers[1]!.getTracer("jobs").startSpan("tick_jobs", { kind: SpanKind.INTERNAL }).end();
  return exporter.getFinishedSpans();
}

/** The app's own spans, as the request path makes them (server/span-recorder.ts). */
function recordedSpans(): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const tracer = createSpanRecorder({ resource: resourceA, scope: { name: "web-api" }, onEnd: (span) => spans.push(span) });
  const request = tracer.startSpan("check_health", { kind: SpanKind.SERVER, attributes: { "highlight.session_id": "sess2", "request.id": "r1" } });
  const db = tracer.startSpan("find_session", { kind: SpanKind.CLIENT, attributes: { "db.system.name": "postgresql" } }, trace.setSpan(ROOT_CONTEXT, request));
  db.setStatus({ code: SpanStatusCode.OK });
  db.end();
  request.setStatus({ code: SpanStatusCode.OK });
  request.end();
  return spans;
}

function logRecords(): SdkLogRecord[] {
  const records: SdkLogRecord[] = [];
  const processors = [{ onEmit: (record: SdkLogRecord) => records.push(record), forceFlush: async () => {}, shutdown: async () => {} }];
  const logger = new LoggerProvider({ resource: resourceA, processors }).getLogger("app", "1.2.3");
  const span = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED });
  logger.emit({ severityNumber: 9, severityText: "info", body: "thing created", attributes: { "highlight.session_id": "sess1", count: 3 }, context: trace.setSpan(ROOT_CONTEXT, span) });
  logger.emit({ severityNumber: 17, body: { message: "map body", nested: { n: -1, list: [1, "two", null] } }, eventName: "app.failure" });
  logger.emit({ body: ["a", 2, true] });
  logger.emit({ body: new Uint8Array([0, 1, 254, 255]), attributes: { text: huge } });
  logger.emit({ severityText: "WARN" });
  new LoggerProvider({ resource: resourceB, processors }).getLogger("jobs").emit({ body: long });
  return records;
}

/** A decoded message without the fields OpenTelemetry's writer sets to their default (zero counts, UNSET status). */
function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, field]) => !(/^dropped\w*Count$/.test(key) && field === 0) && !(key === "status" && JSON.stringify(field) === '{"code":0}'))
        .map(([key, field]) => [key, withoutDefaults(field)]),
    );
  }
  return value;
}

const decode = (path: "/v1/traces" | "/v1/logs", bytes: Uint8Array | undefined) => decodeOtlpProtobuf(path, Buffer.from(bytes!));
const fromJson = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes!).toString("utf8"));

describe("the OTLP/protobuf writer", () => {
  it("writes spans as OpenTelemetry's serializer does, field for field", () => {
    for (const spans of [sdkSpans(), recordedSpans()]) {
      const ours = decode("/v1/traces", encodeTraces(spans));
      expect(ours).toEqual(withoutDefaults(decode("/v1/traces", ProtobufTraceSerializer.serializeRequest(spans))));
      expect(flattenSpans(ours)).toEqual(flattenSpans(fromJson(JsonTraceSerializer.serializeRequest(spans))));
    }
  });

  it("writes log records as OpenTelemetry's serializer does, field for field", () => {
    const records = logRecords();
    const ours = decode("/v1/logs", encodeLogs(records));
    expect(ours).toEqual(withoutDefaults(decode("/v1/logs", ProtobufLogsSerializer.serializeRequest(records))));
    expect(flattenLogs(ours)).toEqual(flattenLogs(fromJson(JsonLogsSerializer.serializeRequest(records))));
  });

  it("keeps what the receiver and Highlight read: ids, times, session, nesting by resource and scope", () => {
    const spans = sdkSpans();
    const ours = decode("/v1/traces", encodeTraces(spans)) as { resourceSpans: { scopeSpans: { scope: { name: string; version?: string } }[] }[] };
    expect(ours.resourceSpans).toHaveLength(2);
    expect(ours.resourceSpans[0]!.scopeSpans.map((s) => s.scope)).toEqual([{ name: "app", version: "1.2.3" }, { name: "prisma" }]);
    const [parent, child] = flattenSpans(ours);
    const source = spans[0]!;
    expect(parent).toMatchObject({
      name: "list_things",
      traceId: source.spanContext().traceId,
      spanId: source.spanContext().spanId,
      parentSpanId: "b7ad6b7169203331",
      startMs: source.startTime[0] * 1000 + source.startTime[1] / 1e6,
      attributes: { "highlight.session_id": "sess1", big: 2 ** 40, "very.negative": -(2 ** 40), zero: 0 },
    });
    expect(child!.links[0]).toMatchObject({ traceId: parent!.traceId, spanId: parent!.spanId, attributes: { why: "retry" } });
  });

  it("gives each export its own bytes, though the writer's buffer is reused", () => {
    const first = encodeTraces(recordedSpans());
    const copy = Buffer.from(first);
    encodeTraces(sdkSpans());
    expect(first.equals(copy)).toBe(true);
    expect(encodeTraces([]).length).toBe(0);
  });

  it("starts clean after an export that threw half-way", () => {
    const spans = recordedSpans();
    const expected = encodeTraces(spans);
    const broken = Object.create(spans[0]!, { name: { get: () => { throw new Error("bad span"); } } }) as ReadableSpan;
    expect(() => encodeTraces([spans[1]!, broken])).toThrow("bad span");
    expect(encodeTraces(spans).equals(expected)).toBe(true);
  });
});
