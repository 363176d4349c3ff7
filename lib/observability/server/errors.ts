/**
 * Reports a server error once, with its browser session, whatever the sampling rate: on the
 * request's span when it is traced, otherwise on a span of its own that is always exported.
 */
import "server-only";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import type { Correlation } from "@/lib/observability/shared/correlation";
import { requestScope } from "@/lib/observability/server/context";
import { telemetry } from "@/lib/observability/server/pipeline";
import { correlationAttributes } from "@/lib/observability/server/tracing";

/** An error inside a request scope (route, action, page wrappers and the code they run). */
export function reportServerError(error: unknown, attributes: Attributes = {}, name = "server_error"): void {
  const scope = requestScope();
  report(error, attributes, name, scope ?? {}, scope?.span?.isRecording() ? scope.span : undefined);
}

/** An error seen outside any request scope (onRequestError): the ids come from the request's headers. */
export function reportErrorOf(correlation: Correlation, error: unknown, attributes: Attributes, name: string): void {
  report(error, attributes, name, correlation);
}

function report(error: unknown, attributes: Attributes, name: string, ids: Correlation, open?: Span): void {
  const pipeline = telemetry();
  if (!pipeline) return;
  const err = error instanceof Error ? error : new Error(String(error));
  const span = open ?? pipeline.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: correlationAttributes(ids) }, ROOT_CONTEXT);
  span.recordException(err);
  span.setAttributes(attributes);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  if (!open) span.end();
}
