/**
 * The app's span recorder (lib/observability/server/span-recorder.ts) against the SDK it replaces
 * on the request path: the same span, made by each and serialised by OpenTelemetry's OTLP/JSON
 * serializer, must say the same thing (ids and times aside).
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { createSpanRecorder } from "@/lib/observability/server/span-recorder";

const resource = resourceFromAttributes({ "service.name": "web-api", "highlight.project_id": "p1" });

function recorder() {
  const ended: ReadableSpan[] = [];
  return { tracer: createSpanRecorder({ resource, scope: { name: "web-api" }, onEnd: (span) => ended.push(span) }), ended };
}

/** The request/child/failed-child shape the app makes, through `tracer`. */
const failure = new TypeError("bad thing");
const coded = Object.assign(new Error("database busy"), { code: "P1008" });
function makeSpans(tracer: { startSpan: (name: string, options?: object, context?: typeof ROOT_CONTEXT) => Span }) {
  const request = tracer.startSpan("handle_things", { kind: SpanKind.SERVER, attributes: { "highlight.session_id": "s1", "url.path": "/api/things" } }, ROOT_CONTEXT);
  const child = tracer.startSpan("create_thing", { kind: SpanKind.CLIENT, attributes: { "db.operation.name": "create" } }, trace.setSpan(ROOT_CONTEXT, request));
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  const failed = tracer.startSpan("save_thing", { attributes: {} }, trace.setSpan(ROOT_CONTEXT, request));
  failed.recordException(failure);
  failed.recordException(coded);
  failed.recordException({ name: "" }); // neither type nor message: no event, in both
  failed.setStatus({ code: SpanStatusCode.ERROR, message: "bad thing" });
  failed.end();
  request.setAttributes({ "http.response.status_code": 201, "user.id": "u1" });
  request.setStatus({ code: SpanStatusCode.OK });
  request.end();
}

type OtlpSpan = Record<string, unknown> & { attributes: unknown[]; events: { name: string; attributes: unknown[] }[] };
function otlp(spans: ReadableSpan[]) {
  const body = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)));
  const [resourceSpans] = body.resourceSpans;
  return { resource: resourceSpans.resource, scope: resourceSpans.scopeSpans[0].scope, spans: resourceSpans.scopeSpans.flatMap((s: { spans: OtlpSpan[] }) => s.spans) as OtlpSpan[] };
}

describe("span recorder", () => {
  it("serialises to the same OTLP as the SDK's spans, ids and times aside", () => {
    const ours = recorder();
    makeSpans(ours.tracer);
    const exporter = new InMemorySpanExporter();
    makeSpans(new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("web-api"));

    const strip = ({ traceId, spanId, parentSpanId, startTimeUnixNano, endTimeUnixNano, events, ...rest }: OtlpSpan) => ({
      ...rest,
      hasParent: !!parentSpanId,
      ids: [traceId, spanId].map((id) => /^[0-9a-f]+$/.test(String(id)) && String(id).length),
      events: events.map(({ name, attributes }) => ({ name, attributes })),
      timed: BigInt(String(endTimeUnixNano)) >= BigInt(String(startTimeUnixNano)) && BigInt(String(startTimeUnixNano)) > 1_700_000_000_000_000_000n,
    });
    const a = otlp(ours.ended);
    const b = otlp(exporter.getFinishedSpans());
    expect(a.resource).toEqual(b.resource);
    expect(a.scope).toEqual(b.scope);
    expect(a.spans.map(strip)).toEqual(b.spans.map(strip));
    expect(a.spans.map(strip)[0]).toMatchObject({ ids: [32, 16], hasParent: true, timed: true });
  });

  it("nests children in the parent's trace, and starts a new trace without a parent", () => {
    const { tracer, ended } = recorder();
    const root = tracer.startSpan("run_root", {}, ROOT_CONTEXT);
    const child = tracer.startSpan("run_child", {}, trace.setSpan(ROOT_CONTEXT, root));
    child.end();
    root.end();
    const other = tracer.startSpan("run_other", {}, ROOT_CONTEXT);
    other.end();
    expect(ended[0]!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(other.spanContext().traceId).not.toBe(root.spanContext().traceId);
    expect(ended[2]!.parentSpanContext).toBeUndefined();
  });

  it("startChildSpan makes the span startSpan makes under trace.setSpan(ROOT_CONTEXT, parent)", () => {
    const { tracer, ended } = recorder();
    const parent = tracer.startSpan("run_root", {}, ROOT_CONTEXT);
    const options = () => ({ kind: SpanKind.CLIENT, attributes: { "db.operation.name": "create" } });
    tracer.startSpan("create_thing", options(), trace.setSpan(ROOT_CONTEXT, parent)).end();
    tracer.startChildSpan("create_thing", options(), parent).end();
    const shape = (span: ReadableSpan) => {
      const { name, kind, attributes, parentSpanContext, status } = span;
      return { name, kind, attributes, parentSpanContext, status, traceId: span.spanContext().traceId };
    };
    expect(shape(ended[1]!)).toEqual(shape(ended[0]!));
    expect(ended[1]!.parentSpanContext).toEqual(parent.spanContext());
    expect(ended[1]!.spanContext().spanId).not.toBe(ended[0]!.spanContext().spanId);
  });

  it("ends once, then ignores changes; OK is final and UNSET is ignored, as in the SDK", () => {
    const { tracer, ended } = recorder();
    const span = tracer.startSpan("do_work", { attributes: { a: 1 } }, ROOT_CONTEXT);
    span.setStatus({ code: SpanStatusCode.UNSET });
    span.setStatus({ code: SpanStatusCode.OK });
    span.setStatus({ code: SpanStatusCode.ERROR, message: "too late" });
    span.setAttribute("b", 2);
    span.end();
    span.end();
    span.setAttribute("c", 3);
    expect(ended).toHaveLength(1);
    expect(span.isRecording()).toBe(false);
    expect(ended[0]!.status).toEqual({ code: SpanStatusCode.OK });
    expect(ended[0]!.attributes).toEqual({ a: 1, b: 2 });
    expect(ended[0]!.duration[0]).toBeGreaterThanOrEqual(0);
  });

  it("gives each span a distinct id", () => {
    const { tracer } = recorder();
    const ids = new Set(Array.from({ length: 2000 }, () => tracer.startSpan("make_span", {}, ROOT_CONTEXT).spanContext().spanId));
    expect(ids.size).toBe(2000);
  });
});
