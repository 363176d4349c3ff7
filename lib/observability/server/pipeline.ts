/**
 * The server telemetry pipeline, built on OpenTelemetry and speaking Highlight's protocol
 * (OTLP with resource `highlight.project_id`, span and log attribute `highlight.session_id`), so
 * it sends to self-hosted Highlight, LaunchDarkly Observability or any OTLP collector.
 *
 * Designed for cost (README, "What telemetry costs"):
 * - Nothing is registered globally by default. A global tracer provider switches on Next.js's own
 *   tracing of every request (8–13 spans each) and Prisma's tracing helper around every call; both
 *   stay dormant unless HIGHLIGHT_AUTO_INSTRUMENT=true asks for them (`detail: "full"`).
 * - The app's spans nest through the request scope (server/context.ts), not a global context manager.
 * - The app's spans and log records are made by small recorders of one fixed shape
 *   (server/span-recorder.ts, server/log-recorder.ts) that the OTLP writer reads as they are; no
 *   stack trace is captured per log record. The SDK's tracer provider serves only the opt-in
 *   detail below.
 * - Spans and logs wait in bounded queues that retry through an outage (server/export-queue.ts),
 *   and leave as OTLP/protobuf of our own writing (server/otlp-protobuf.ts), gzipped at level 1
 *   (server/otlp-http-exporter.ts).
 */
import { context as otelContext, propagation, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, type ReadableSpan, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ExportQueue } from "@/lib/observability/server/export-queue";
import { createOtlpHttpExporter, type OtlpCompression } from "@/lib/observability/server/otlp-http-exporter";
import { encodeLogs, encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { createLogRecorder, type LogRecorder } from "@/lib/observability/server/log-recorder";
import { createSpanRecorder, type SpanRecorder } from "@/lib/observability/server/span-recorder";

export type PipelineSettings = {
  projectId: string;
  serviceName: string;
  serviceVersion: string;
  environment: string;
  /** OTLP/HTTP base URL; `/v1/traces` and `/v1/logs` are appended. */
  otlpEndpoint: string;
  /** Headers sent with every export (OTEL_EXPORTER_OTLP_HEADERS: collectors that want a key). */
  otlpHeaders?: Record<string, string>;
  /** gzip (default) or none (OTEL_EXPORTER_OTLP_COMPRESSION: a collector on the same host or network). */
  otlpCompression?: OtlpCompression;
  /** Share of browser sessions (and of requests without one) traced in full, 0 to 1. */
  sampleRate: number;
  /** "full" adds Next.js's internal spans and Prisma's detailed spans (registers global providers). */
  detail: "standard" | "full";
  /** Most spans, and most logs, kept waiting for the backend. */
  queueLimit: number;
  exportIntervalMs: number;
  /** Serverless: export each request's telemetry as soon as its response is sent (server/flush.ts). */
  flushAfterResponse?: boolean;
};

export type Pipeline = {
  settings: PipelineSettings;
  tracerProvider: BasicTracerProvider;
  tracer: SpanRecorder;
  logger: LogRecorder;
  /** Sends what is queued now (serverless: before the function may freeze). */
  flush(): Promise<boolean>;
  shutdown(): Promise<void>;
  stats(): { spans: QueueStats; logs: QueueStats };
};
type QueueStats = { queued: number; dropped: number; exported: number; failures: number };

const EXPORT_BATCH = 512;
const EXPORT_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/** Exporters other than OTLP/HTTP (tests pass in-memory ones). */
export type PipelineExporters = { spans?: SpanExporter; logs?: LogRecordExporter };

const warn = (kind: string) => (dropped: number) =>
  console.warn(`telemetry: dropped ${dropped} ${kind} so far (queue full: the backend is slow or down)`);

export function createPipeline(settings: PipelineSettings, exporters: PipelineExporters = {}): Pipeline {
  const resource = resourceFromAttributes({
    "service.name": settings.serviceName,
    "service.version": settings.serviceVersion,
    "deployment.environment.name": settings.environment,
    "highlight.project_id": settings.projectId,
  });
  const otlp = (signal: string) => ({ url: `${settings.otlpEndpoint}/v1/${signal}`, headers: settings.otlpHeaders, compression: settings.otlpCompression, timeoutMs: EXPORT_TIMEOUT_MS });
  const queueOptions = { limit: settings.queueLimit, batchSize: Math.min(EXPORT_BATCH, settings.queueLimit), intervalMs: settings.exportIntervalMs, maxBackoffMs: MAX_BACKOFF_MS };

  const spanQueue = new ExportQueue<ReadableSpan>(
    exporters.spans ?? createOtlpHttpExporter(encodeTraces, otlp("traces")),
    { ...queueOptions, onDrop: warn("spans") },
  );
  const logQueue = new ExportQueue<ReadableLogRecord>(
    exporters.logs ?? createOtlpHttpExporter(encodeLogs, otlp("logs")),
    { ...queueOptions, onDrop: warn("logs") },
  );

  const spanProcessor: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => spanQueue.push(span),
    forceFlush: async () => void (await spanQueue.flush()),
    shutdown: () => spanQueue.shutdown(),
  };

  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const scope = { name: settings.serviceName };

  const stats = (q: ExportQueue<unknown>): QueueStats => ({ queued: q.queued, dropped: q.dropped, exported: q.exported, failures: q.failures });
  return {
    settings,
    tracerProvider,
    // The app's spans; the SDK's provider serves Next.js and Prisma when registered (detail "full").
    tracer: createSpanRecorder({ resource, scope, onEnd: (span) => spanQueue.push(span) }),
    logger: createLogRecorder({ resource, scope, onEmit: (record) => logQueue.push(record) }),
    flush: async () => (await Promise.all([spanQueue.flush(), logQueue.flush()])).every(Boolean),
    shutdown: async () => void (await Promise.all([tracerProvider.shutdown(), logQueue.shutdown()])),
    stats: () => ({ spans: stats(spanQueue), logs: stats(logQueue) }),
  };
}

/**
 * Opt-in detail (HIGHLIGHT_AUTO_INSTRUMENT=true): registers the provider globally, which switches
 * on Next.js's own request, render and fetch spans, and Prisma's operation, serialize and
 * db_query spans. Every request then pays for them; see the README's cost table.
 */
export async function registerGlobally(pipeline: Pipeline): Promise<void> {
  const provider = pipeline.tracerProvider;
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const { PrismaInstrumentation } = await import("@prisma/instrumentation");
  otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
}

// One pipeline per process, even when Next bundles this module into several chunks.
const KEY = Symbol.for("highlight-starter.telemetry");
const slot = globalThis as Record<symbol, Pipeline | undefined>;

export const telemetry = (): Pipeline | undefined => slot[KEY];
export const setTelemetry = (pipeline: Pipeline | undefined): void => void (slot[KEY] = pipeline);
