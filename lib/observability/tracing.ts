import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { requestContext } from "@/lib/observability/context";

/** Spans go through the OpenTelemetry API; the Highlight SDK registers the provider (a no-op when off). */
export const tracer = () => trace.getTracer("web-api");

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs `fn` in an active span named `name` (snake_case verb_noun, e.g. `save_subscription`).
 * Status is OK or ERROR with the exception recorded; the span always ends; sync or async; nests.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  const ctx = requestContext();
  const all: Attributes = {
    ...(ctx?.sessionId && { "highlight.session_id": ctx.sessionId }),
    ...(ctx?.requestId && { "request.id": ctx.requestId }),
    ...attributes,
  };
  return tracer().startActiveSpan(name, { attributes: all }, (span) => {
    // fn may already have ended the span (an error it reported and turned into a result).
    const succeed = () => {
      if (!span.isRecording()) return;
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    };
    const fail = (error: unknown) => {
      span.recordException(error instanceof Error ? error : new Error(describe(error)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
      span.end();
      throw error;
    };
    try {
      const result = fn(span);
      if (result instanceof Promise) {
        return result.then((value) => {
          succeed();
          return value;
        }, fail) as T;
      }
      succeed();
      return result;
    } catch (error) {
      return fail(error);
    }
  });
}
