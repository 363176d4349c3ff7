/**
 * Bounded telemetry memory. Highlight's Node SDK batches spans and logs with a queue of up to
 * 1,048,576 records each: with a slow or dead backend that grows without limit. The SDK offers
 * no option for it, so after H.init we lower the queue sizes on its batch processors (reached
 * through the global OpenTelemetry providers) and count what gets dropped.
 */
import { diag, DiagLogLevel, trace, type DiagLogger } from "@opentelemetry/api";

export const TELEMETRY_QUEUE_LIMIT = 2048;
const EXPORT_BATCH = 512;

type BatchProcessor = {
  onEmit?: (...args: unknown[]) => void;
  _maxQueueSize?: number;
  _maxExportBatchSize?: number;
  _finishedSpans?: unknown[];
  _finishedLogRecords?: unknown[];
  _droppedSpansCount?: number;
};
type WithProcessors = { _spanProcessors?: BatchProcessor[]; processors?: BatchProcessor[] };

function spanProcessors(): BatchProcessor[] {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = (provider.getDelegate?.() ?? provider) as { activeSpanProcessor?: WithProcessors };
  return delegate.activeSpanProcessor?._spanProcessors ?? [];
}

function logProcessors(): BatchProcessor[] {
  // The SDK bundles its own @opentelemetry/api-logs; its global provider is keyed by this symbol.
  const getter = (globalThis as Record<symbol, unknown>)[Symbol.for("io.opentelemetry.js.api.logs")];
  if (typeof getter !== "function") return [];
  const provider = (getter as (version: number) => unknown)(1) as { getDelegate?: () => unknown } | undefined;
  const delegate = (provider?.getDelegate?.() ?? provider) as { _sharedState?: { activeProcessor?: WithProcessors } } | undefined;
  return delegate?._sharedState?.activeProcessor?.processors ?? [];
}

const isBatch = (p: BatchProcessor) => typeof p._maxQueueSize === "number";

/** Caps every batch queue; returns how many span and log processors were capped. */
export function boundTelemetryQueues(limit = TELEMETRY_QUEUE_LIMIT): { spans: number; logs: number } {
  const spans = spanProcessors().filter(isBatch);
  const logs = logProcessors().filter(isBatch);
  for (const processor of [...spans, ...logs]) {
    processor._maxQueueSize = limit;
    processor._maxExportBatchSize = Math.min(EXPORT_BATCH, limit);
  }
  // The log processor drops silently when full: count those drops on the way in.
  for (const processor of logs) {
    const emit = processor.onEmit?.bind(processor);
    if (!emit) continue;
    processor.onEmit = (...args: unknown[]) => {
      if ((processor._finishedLogRecords?.length ?? 0) >= limit) noteDrop("logs", 1);
      emit(...args);
    };
  }
  return { spans: spans.length, logs: logs.length };
}

/** Records waiting in the span and log queues now (for tests and the soak check). */
export function queuedTelemetry(): { spans: number; logs: number } {
  const count = (list: BatchProcessor[], key: "_finishedSpans" | "_finishedLogRecords") =>
    list.reduce((sum, p) => sum + (p[key]?.length ?? 0), 0);
  return { spans: count(spanProcessors(), "_finishedSpans"), logs: count(logProcessors(), "_finishedLogRecords") };
}

const dropped = { spans: 0, logs: 0 };
let lastWarning = 0;

function noteDrop(kind: "spans" | "logs", count: number): void {
  dropped[kind] += count;
  if (Date.now() - lastWarning > 60_000) {
    lastWarning = Date.now();
    console.warn(`telemetry: dropped ${dropped.spans} spans and ${dropped.logs} logs so far (queue full: the backend is slow or down)`);
  }
}

/**
 * Telemetry dropped so far. Spans: those the batch processor already reported ("Dropped N spans
 * because maxQueueSize reached", once the queue has room again) plus those it is still counting.
 */
export const droppedTelemetry = () => ({
  spans: dropped.spans + spanProcessors().reduce((sum, p) => sum + (p._droppedSpansCount ?? 0), 0),
  logs: dropped.logs,
});

/** Listens to OpenTelemetry's diagnostics for drops only; export errors stay silent (a dead backend is not the app's problem). */
export function countDroppedTelemetry(): void {
  const quiet = () => {};
  const logger: DiagLogger = {
    error: quiet,
    info: quiet,
    debug: quiet,
    verbose: quiet,
    warn: (message: string) => {
      const match = /Dropped (\d+) spans/.exec(message);
      if (match) noteDrop("spans", Number(match[1]));
    },
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}

