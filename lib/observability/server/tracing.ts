/**
 * Spans: `withSpan` for the app's own work, `runRequest` for the one span of each request that
 * the route, action and page wrappers open, and `withDbSpan` for one span per database operation.
 * An unsampled request creates no span objects at all.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resolveCorrelation, type Correlation } from "@/lib/observability/shared/correlation";
import { isSessionSampled } from "@/lib/observability/shared/sampling";
import { requestScope, runInScope, type RequestScope } from "@/lib/observability/server/context";
import { flushAfterResponse } from "@/lib/observability/server/flush";
import { telemetry, type Pipeline } from "@/lib/observability/server/pipeline";

/** Handed to code whose request is not traced: every call on it is a no-op. */
export const NOT_TRACED: Span = trace.wrapSpanContext({ traceId: "0".repeat(32), spanId: "0".repeat(16), traceFlags: 0 });

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The attribute that ties a span to the browser session (what Highlight links replays by), set on
 * `into` (a fresh object by default): a log record or span writes its ids into its own attributes.
 */
export function sessionAttributes(ids: Correlation | undefined, into: Attributes = {}): Attributes {
  if (ids?.sessionId) into["highlight.session_id"] = ids.sessionId;
  return into;
}

/**
 * Session and request ids, for the request's own span and for log records: what a search by the
 * `x-request-id` a user quotes finds. Child spans carry only the session: they share the request
 * span's trace, so repeating the ids there would only add bytes to every export.
 */
export function correlationAttributes(ids: Correlation | undefined, into: Attributes = {}): Attributes {
  sessionAttributes(ids, into);
  if (ids?.requestId) into["highlight.trace_id"] = into["request.id"] = ids.requestId;
  return into;
}

/** Where a span with no open span in its scope goes: with full detail, under whatever Next has open. */
const outerContext = (pipeline: Pipeline): Context => (pipeline.settings.detail === "full" ? otelContext.active() : ROOT_CONTEXT);

/** Runs fn with `span` open: in the request scope, and with full detail in the global context too. */
function runOpen<T>(pipeline: Pipeline, scope: RequestScope, fn: () => T): T {
  if (pipeline.settings.detail !== "full" || !scope.span) return runInScope(scope, fn);
  return otelContext.with(trace.setSpan(otelContext.active(), scope.span), () => runInScope(scope, fn));
}

/** Ends a span once, with status OK unless something already set ERROR. */
function finish(span: Span, status: SpanStatusCode = SpanStatusCode.OK): void {
  if (!span.isRecording()) return;
  span.setStatus({ code: status });
  span.end();
}

function failSpan(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.recordException(error instanceof Error ? error : new Error(describe(error)));
  span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
  span.end();
}

/**
 * Runs `fn` in an active span named `name` (snake_case verb_noun, e.g. `save_subscription`).
 * Status is OK or ERROR with the exception recorded; the span always ends; sync or async; nests.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  const pipeline = telemetry();
  const scope = requestScope();
  if (!pipeline || (scope && !scope.sampled)) return fn(NOT_TRACED);
  // Outside any request (a script, a timer): a root span of its own, sampled at the same rate.
  if (!scope && Math.random() >= pipeline.settings.sampleRate) return fn(NOT_TRACED);

  // The first span of a scope is the request's root; spans inside it are children (session id only).
  const ids = scope?.span ? sessionAttributes(scope) : correlationAttributes(scope);
  const options = { attributes: { ...ids, ...attributes } };
  const span = scope?.span ? pipeline.tracer.startChildSpan(name, options, scope.span) : pipeline.tracer.startSpan(name, options, outerContext(pipeline));
  const inner: RequestScope = { ...(scope ?? { requestId: span.spanContext().traceId, sampled: true }), span };
  try {
    const result = runOpen(pipeline, inner, () => fn(span));
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          finish(span);
          return value;
        },
        (error) => {
          failSpan(span, error);
          throw error;
        },
      ) as T;
    }
    finish(span);
    return result;
  } catch (error) {
    failSpan(span, error);
    throw error;
  }
}

const propagator = new W3CTraceContextPropagator();

export type RequestInfo = {
  name: string;
  header: (name: string) => string | null | undefined;
  attributes?: Attributes;
};

/**
 * Opens the request's span (kind SERVER) and scope: the session and request ids come from the
 * headers (shared/correlation.ts); the trace continues the browser's `traceparent`; the sampling
 * decision is the session's, so every instance and the browser agree on it.
 */
export function runRequest<T>(request: RequestInfo, fn: (span: Span, scope: RequestScope) => T): T {
  const { sessionId, requestId: browserRequestId } = resolveCorrelation(request.header);
  const requestId = browserRequestId ?? randomUUID();
  const pipeline = telemetry();
  const sampled =
    !!pipeline && (sessionId ? isSessionSampled(sessionId, pipeline.settings.sampleRate) : Math.random() < pipeline.settings.sampleRate);
  const scope: RequestScope = { sessionId, requestId, sampled };
  if (pipeline) flushAfterResponse(pipeline, requestId); // serverless only; an unsampled request may still log an error
  if (!pipeline || !sampled) return runInScope(scope, () => fn(NOT_TRACED, scope));

  let parent = outerContext(pipeline);
  if (!trace.getSpan(parent)) {
    parent = propagator.extract(ROOT_CONTEXT, request.header, { get: (carrier, key) => carrier(key) ?? undefined, keys: () => [] });
  }
  scope.span = pipeline.tracer.startSpan(
    request.name,
    { kind: SpanKind.SERVER, attributes: { ...correlationAttributes(scope), ...request.attributes } },
    parent,
  );
  return runOpen(pipeline, scope, () => fn(scope.span!, scope));
}

/** Ends a request span with the outcome its wrapper saw. */
export function endRequestSpan(span: Span, outcome: { ok: boolean; attributes?: Attributes }): void {
  if (!span.isRecording()) return;
  if (outcome.attributes) span.setAttributes(outcome.attributes);
  finish(span, outcome.ok ? SpanStatusCode.OK : SpanStatusCode.ERROR);
}

/** Adds attributes to the current request's span (e.g. the signed-in user), when it is traced. */
export function setRequestAttributes(attributes: Attributes): void {
  const span = requestScope()?.span;
  if (span?.isRecording()) span.setAttributes(attributes);
}

/**
 * One span per database operation, as a child of the span that is open. Only inside a traced
 * request: a query outside one (a layout's session lookup) is not worth a trace of its own.
 * With full detail, Prisma's own instrumentation makes these spans instead.
 */
export function withDbSpan<T>(operation: string, collection: string | undefined, system: string, run: () => Promise<T>): Promise<T> {
  const pipeline = telemetry();
  const scope = requestScope();
  if (!pipeline || !scope?.sampled || !scope.span || pipeline.settings.detail === "full") return run();
  const span = pipeline.tracer.startChildSpan(
    collection ? `${operation} ${collection}` : operation,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        ...sessionAttributes(scope),
        "db.system.name": system,
        "db.operation.name": operation,
        ...(collection && { "db.collection.name": collection }),
      },
    },
    scope.span,
  );
  return run().then(
    (value) => {
      finish(span);
      return value;
    },
    (error: unknown) => {
      failSpan(span, error);
      throw error;
    },
  );
}
