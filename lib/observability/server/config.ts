/**
 * Server telemetry settings, resolved from the validated env (see .env.example for the presets).
 * The browser's are in shared/settings.ts (the proxy needs them too, for the CSP).
 */
import "server-only";
import type { Env } from "@/lib/env";
import { LOCAL_RECEIVER } from "@/lib/observability/shared/settings";
import { isServerless } from "@/lib/observability/server/flush";
import type { PipelineSettings } from "@/lib/observability/server/pipeline";

export const TELEMETRY_QUEUE_LIMIT = 2048;
/** A busy server fills a 512-item batch sooner; this bounds how long a quiet one holds telemetry back. */
export const DEFAULT_EXPORT_INTERVAL_MS = 2000;

export type ServerObservability = PipelineSettings & {
  enabled: boolean;
  logLevel: string;
  /** No endpoint configured: the local development receiver. */
  usingLocalDefault: boolean;
};

export function serverObservability(env: Env): ServerObservability {
  return {
    enabled: env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID !== "",
    projectId: env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID,
    serviceName: "web-api",
    serviceVersion: env.APP_VERSION,
    environment: env.NODE_ENV,
    otlpEndpoint: env.HIGHLIGHT_OTLP_ENDPOINT ?? LOCAL_RECEIVER,
    otlpHeaders: env.OTEL_EXPORTER_OTLP_HEADERS,
    otlpCompression: env.OTEL_EXPORTER_OTLP_COMPRESSION,
    sampleRate: env.HIGHLIGHT_SAMPLE_RATE ?? 1,
    detail: env.HIGHLIGHT_AUTO_INSTRUMENT === "true" ? "full" : "standard",
    queueLimit: TELEMETRY_QUEUE_LIMIT,
    exportIntervalMs: env.HIGHLIGHT_EXPORT_INTERVAL_MS ?? DEFAULT_EXPORT_INTERVAL_MS,
    flushAfterResponse: isServerless(env.HIGHLIGHT_SERVERLESS),
    logLevel: env.LOG_LEVEL,
    usingLocalDefault: !env.HIGHLIGHT_OTLP_ENDPOINT,
  };
}
