/**
 * Starts the Highlight Node SDK, and reports errors Next hands to onRequestError.
 * Imported only from instrumentation.ts; the SDK module loads only when telemetry is on.
 */
import type { Instrumentation } from "next";
import { parseHighlightHeader, HIGHLIGHT_REQUEST_HEADER, SESSION_ID_COOKIE } from "@/lib/observability/context";
import { boundTelemetryQueues, countDroppedTelemetry } from "@/lib/observability/limits";
import { highlight, setHighlight } from "@/lib/observability/sdk";
import { serverObservability } from "@/lib/observability/server-config";

export async function startServerObservability(): Promise<void> {
  const config = serverObservability();
  if (!config.enabled || highlight()) return;
  if (config.environment === "production" && config.usingLocalDefault) {
    console.warn(
      `telemetry: HIGHLIGHT_OTLP_ENDPOINT is not set, so server telemetry goes to the local receiver (${config.otlpEndpoint}). ` +
        "Set a destination (README, 'Where telemetry goes') or NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID= to turn telemetry off.",
    );
  }
  // The SDK registers OpenTelemetry auto-instrumentations that wrap Node's require(). Next.js calls
  // require() on every request, so the wrapper costs each request module resolution work.
  const { default: Module } = await import("node:module");
  const plainRequire = Module.prototype.require;
  const { H } = await import("@highlight-run/next/server");
  H.init({
    projectID: config.projectId,
    serviceName: config.serviceName,
    serviceVersion: config.serviceVersion,
    environment: config.environment,
    otlpEndpoint: config.otlpEndpoint,
    // Logs go through the winston logger, which adds session and request ids;
    // recording console too would ship every line twice.
    disableConsoleRecording: true,
  });
  // Prisma's tracing (already wired through its global helper) and Next's spans do not need the
  // require() wrapper; modules that would (pg, redis, …) are not used here. Opt back in with
  // HIGHLIGHT_AUTO_INSTRUMENT=true.
  if (!config.autoInstrument) Module.prototype.require = plainRequire;
  // A slow or dead backend must not grow memory without limit: cap the SDK's batch queues.
  boundTelemetryQueues();
  countDroppedTelemetry();
  setHighlight(H);
}

type ErrorRequest = Parameters<Instrumentation.onRequestError>[1];
type ErrorContext = Parameters<Instrumentation.onRequestError>[2];

export function reportRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const h = highlight();
  if (!h) return;
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  // Fetches carry x-highlight-request; page loads and server actions only have the session cookie.
  const fromHeader = parseHighlightHeader(header(HIGHLIGHT_REQUEST_HEADER));
  const sessionId = fromHeader.sessionId ?? sessionIdFromCookie(header("cookie"));
  const err = error instanceof Error ? error : new Error(String(error));
  const digest = (error as { digest?: unknown } | null)?.digest;
  h.consumeError(err, sessionId, fromHeader.requestId, {
    "http.request.method": request.method,
    "url.path": request.path,
    "next.route_path": context.routePath,
    "next.route_type": context.routeType,
    ...(typeof digest === "string" && { "next.error_digest": digest }),
  });
}

function sessionIdFromCookie(cookieHeader: string | undefined): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${SESSION_ID_COOKIE}=([\\w-]{1,64})`).exec(cookieHeader ?? "");
  return match?.[1];
}
