/**
 * Errors Next hands to `onRequestError` (instrumentation.ts): thrown while rendering server
 * components, in server actions or in route handlers outside withHighlight. Reported with the
 * browser session the request carried, whatever the sampling rate.
 */
import "server-only";
import type { Instrumentation } from "next";
import { resolveCorrelation } from "@/lib/observability/shared/correlation";
import { reportErrorOf } from "@/lib/observability/server/errors";

type ErrorRequest = Parameters<Instrumentation.onRequestError>[1];
type ErrorContext = Parameters<Instrumentation.onRequestError>[2];

export function reportRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const digest = (error as { digest?: unknown } | null)?.digest;
  reportErrorOf(
    resolveCorrelation(header),
    error,
    {
      "http.request.method": request.method,
      "url.path": request.path,
      "next.route_path": context.routePath,
      "next.route_type": context.routeType,
      ...(typeof digest === "string" && { "next.error_digest": digest }),
    },
    `${request.method} ${context.routePath}`,
  );
}
