/**
 * The local receiver reads OTLP/protobuf as it reads OTLP/JSON: the same spans and log records,
 * encoded by OpenTelemetry's own serializers both ways, flatten to the same records. Before, it
 * stored nothing from a protobuf body (it logged "only OTLP/JSON is decoded").
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, type SdkLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { DecodeError, flattenLogs, flattenSpans } from "@/tools/telemetry-receiver/decode.mjs";
import { decodeOtlpProtobuf } from "@/tools/telemetry-receiver/otlp-protobuf.mjs";
import { createReceiver } from "@/tools/telemetry-receiver/receiver.mjs";

const resource = resourceFromAttributes({ "service.name": "web-api", "highlight.project_id": "p1" });

function someSpans() {
  const spans = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(spans)] });
  const tracer = provider.getTracer("test-scope");
  const parent = tracer.startSpan("list_things", {
    kind: SpanKind.SERVER,
    attributes: { "highlight.session_id": "sess1", "http.status_code": 201, ratio: 0.25, negative: -7, ok: true, tags: ["a", "b"] },
  });
  parent.addEvent("cache_miss", { key: "k1" });
  parent.setStatus({ code: SpanStatusCode.ERROR, message: "it broke" });
  parent.end();
  const child = tracer.startSpan("select_things", { kind: SpanKind.CLIENT, links: [{ context: parent.spanContext(), attributes: { why: "retry" } }] });
  child.end();
  return spans.getFinishedSpans();
}

function someLogs() {
  const records: SdkLogRecord[] = [];
  const provider = new LoggerProvider({ resource, processors: [{ onEmit: (record) => records.push(record), forceFlush: async () => {}, shutdown: async () => {} }] });
  provider.getLogger("test-scope").emit({ severityNumber: 9, severityText: "INFO", body: "thing created", attributes: { "highlight.session_id": "sess1", count: 3 } });
  return records;
}

const fromJson = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes!).toString("utf8"));
const fromProtobuf = (pathname: string, bytes: Uint8Array | undefined) => decodeOtlpProtobuf(pathname, Buffer.from(bytes!));

describe("OTLP/protobuf in the local receiver", () => {
  it("decodes spans to the same records as their OTLP/JSON", () => {
    const spans = someSpans();
    const viaProtobuf = flattenSpans(fromProtobuf("/v1/traces", ProtobufTraceSerializer.serializeRequest(spans)));
    const viaJson = flattenSpans(fromJson(JsonTraceSerializer.serializeRequest(spans)));
    expect(viaProtobuf).toHaveLength(2);
    expect(viaProtobuf).toEqual(viaJson);
    expect(viaProtobuf[0]).toMatchObject({
      name: "list_things",
      status: { code: 2, message: "it broke" },
      attributes: { "highlight.session_id": "sess1", "http.status_code": 201, ratio: 0.25, negative: -7, ok: true, tags: ["a", "b"] },
      events: [{ name: "cache_miss", attributes: { key: "k1" } }],
      resource: { "highlight.project_id": "p1" },
      scope: "test-scope",
    });
    expect(viaProtobuf[1]!.links[0]).toMatchObject({ traceId: viaProtobuf[0]!.traceId, spanId: viaProtobuf[0]!.spanId });
  });

  it("decodes log records to the same records as their OTLP/JSON", () => {
    const logs = someLogs();
    const viaProtobuf = flattenLogs(fromProtobuf("/v1/logs", ProtobufLogsSerializer.serializeRequest(logs)));
    expect(viaProtobuf).toEqual(flattenLogs(fromJson(JsonLogsSerializer.serializeRequest(logs))));
    expect(viaProtobuf[0]).toMatchObject({ severity: "INFO", body: "thing created", attributes: { "highlight.session_id": "sess1", count: 3 } });
  });

  it("answers truncated or absurdly nested protobuf with a DecodeError", () => {
    const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(someSpans())!);
    expect(() => decodeOtlpProtobuf("/v1/traces", bytes.subarray(0, bytes.length - 5))).toThrow(DecodeError);
    // An AnyValue holding an array holding an AnyValue … 200 levels deep.
    let value = Buffer.from([0x0a, 0x01, 0x78]); // stringValue "x"
    for (let i = 0; i < 200; i++) {
      const array = Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]);
      value = Buffer.concat([Buffer.from([0x2a]), varint(array.length), array]);
    }
    const keyValue = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12]), varint(value.length), value]);
    const res = Buffer.concat([Buffer.from([0x0a]), varint(keyValue.length), keyValue]);
    const resourceSpans = Buffer.concat([Buffer.from([0x0a]), varint(res.length), res]);
    const request = Buffer.concat([Buffer.from([0x0a]), varint(resourceSpans.length), resourceSpans]);
    expect(() => decodeOtlpProtobuf("/v1/traces", request)).toThrow(/deeper than/);
  });
});

describe("the receiver over HTTP", () => {
  const receiver = createReceiver({ port: 0, host: "127.0.0.1", dir: mkdtempSync(path.join(tmpdir(), "protobuf-")) });
  afterAll(() => receiver.close());

  it("stores gzipped OTLP/protobuf spans, and refuses a malformed body with 400", async () => {
    const { port } = (await receiver.listen()) as { port: number };
    const url = `http://127.0.0.1:${port}`;
    const headers = { "content-type": "application/x-protobuf", "content-encoding": "gzip" };
    const body = gzipSync(ProtobufTraceSerializer.serializeRequest(someSpans())!);
    expect((await fetch(`${url}/v1/traces`, { method: "POST", headers, body })).status).toBe(200);
    const stored = (await (await fetch(`${url}/api/spans?sessionId=sess1`, { headers: { "x-receiver-token": receiver.token } })).json()) as {
      spans: { name: string }[];
    };
    expect(stored.spans.map((span) => span.name)).toContain("list_things");
    const bad = await fetch(`${url}/v1/traces`, { method: "POST", headers, body: gzipSync(Buffer.from([0x0a, 0x7f, 0x01])) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
