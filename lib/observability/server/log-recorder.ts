/**
 * The logger behind the app's log records: each record is made once, in the shape OpenTelemetry's
 * OTLP serializer reads (ReadableLogRecord), and handed to the export queue. The SDK's logger
 * builds a LogRecordImpl through setters and validates every attribute again; the records here
 * come from this layer's own transport (server/logger.ts), typed and fresh, and are taken over.
 */
import { ROOT_CONTEXT, trace, type SpanContext } from "@opentelemetry/api";
import type { Logger, LogRecord } from "@opentelemetry/api-logs";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { inputToMs, toHrTime } from "@/lib/observability/server/clock";

export type LogRecorderSettings = {
  resource: Resource;
  scope: InstrumentationScope;
  /** Called once per record (the export queue's push). */
  onEmit: (record: ReadableLogRecord) => void;
};

export type LogRecorder = Logger & {
  /** `emit` for a record of `span` (or of none): the span given directly, not through a Context built per record. */
  emitInSpan(record: LogRecord, span: SpanContext | undefined): void;
};

export function createLogRecorder(settings: LogRecorderSettings): LogRecorder {
  const { resource, scope, onEmit } = settings;
  const emitInSpan = (record: LogRecord, span: SpanContext | undefined): void => {
    const time = toHrTime(inputToMs(record.timestamp));
    onEmit({
      hrTime: time,
      hrTimeObserved: record.observedTimestamp === undefined ? time : toHrTime(inputToMs(record.observedTimestamp)),
      // The span the record belongs to: its trace and span ids.
      spanContext: span,
      severityText: record.severityText,
      severityNumber: record.severityNumber,
      body: record.body,
      eventName: record.eventName,
      resource,
      instrumentationScope: scope,
      attributes: record.attributes ?? {},
      droppedAttributesCount: 0,
    });
  };
  return {
    emit: (record) => emitInSpan(record, trace.getSpanContext(record.context ?? ROOT_CONTEXT)),
    emitInSpan,
    enabled: () => true,
  };
}
