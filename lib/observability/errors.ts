import { SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import { highlight } from "@/lib/observability/sdk";

/**
 * Reports a server error once: the span is marked ERROR, and Highlight records the exception
 * on it with the session and request ids (consumeError ends the span; it does not set the
 * status, hence the explicit ERROR first). With telemetry off the span still gets the exception.
 */
export function reportServerError(
  span: Span,
  error: Error,
  ids: { sessionId?: string; requestId: string },
  attributes: Attributes,
): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.setAttributes(attributes);
  const h = highlight();
  if (h) h.consumeError(error, ids.sessionId, ids.requestId, attributes, { span });
  else {
    span.recordException(error);
    span.end();
  }
}
