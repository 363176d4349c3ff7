/**
 * The app's log recorder (lib/observability/server/log-recorder.ts) against the SDK's logger it
 * replaces: the same record, serialised by OpenTelemetry's OTLP/JSON serializer, says the same thing.
 */
import { ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { SeverityNumber, type LogRecord } from "@opentelemetry/api-logs";
import { JsonLogsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { describe, expect, it } from "vitest";
import { createLogRecorder } from "@/lib/observability/server/log-recorder";

const resource = resourceFromAttributes({ "service.name": "web-api", "highlight.project_id": "p1" });
const span = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED });
const records: LogRecord[] = [
  {
    severityNumber: SeverityNumber.INFO,
    severityText: "info",
    body: "project created",
    attributes: { projectId: "p1", "highlight.session_id": "s1", "request.id": "r1" },
    context: trace.setSpan(ROOT_CONTEXT, span),
  },
  { severityNumber: SeverityNumber.ERROR, severityText: "error", body: "outside a request", attributes: { error: "boom" }, context: ROOT_CONTEXT },
];

function otlp(logs: ReadableLogRecord[]) {
  const body = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(logs)));
  const [resourceLogs] = body.resourceLogs;
  return { resource: resourceLogs.resource, scope: resourceLogs.scopeLogs[0].scope, logs: resourceLogs.scopeLogs[0].logRecords as Record<string, unknown>[] };
}

describe("log recorder", () => {
  it("serialises to the same OTLP as the SDK's logger, times aside, with the span's trace and span ids", () => {
    const ours: ReadableLogRecord[] = [];
    const recorder = createLogRecorder({ resource, scope: { name: "web-api" }, onEmit: (record) => ours.push(record) });
    const theirs: ReadableLogRecord[] = [];
    const sdk = new LoggerProvider({ resource, processors: [{ onEmit: (record) => theirs.push(record), forceFlush: async () => {}, shutdown: async () => {} }] });
    const before = Date.now();
    for (const record of records) {
      recorder.emit(record);
      sdk.getLogger("web-api").emit(record);
    }
    const strip = ({ timeUnixNano, observedTimeUnixNano, ...rest }: Record<string, unknown>) => ({
      ...rest,
      timed: Number(BigInt(String(timeUnixNano)) / 1_000_000n) >= before - 1 && timeUnixNano === observedTimeUnixNano,
    });
    const a = otlp(ours);
    const b = otlp(theirs);
    expect(a.resource).toEqual(b.resource);
    expect(a.scope).toEqual(b.scope);
    expect(a.logs.map(strip)).toEqual(b.logs.map((log) => ({ ...strip(log), timed: true })));
    expect(a.logs.map(strip)[0]).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, timed: true });
    expect(a.logs[1]).not.toHaveProperty("traceId");
  });

  it("emitInSpan(record, span) records what emit does with the span in the record's context", () => {
    const viaContext: ReadableLogRecord[] = [];
    const direct: ReadableLogRecord[] = [];
    const recorderA = createLogRecorder({ resource, scope: { name: "web-api" }, onEmit: (record) => viaContext.push(record) });
    const recorderB = createLogRecorder({ resource, scope: { name: "web-api" }, onEmit: (record) => direct.push(record) });
    const timestamp = Date.now();
    for (const { context, ...record } of records) {
      recorderA.emit({ ...record, context, timestamp });
      recorderB.emitInSpan({ ...record, timestamp }, trace.getSpanContext(context!));
    }
    expect(otlp(direct)).toEqual(otlp(viaContext));
    expect(direct[0]!.spanContext).toEqual(span.spanContext());
    expect(direct[1]!.spanContext).toBeUndefined();
  });
});
