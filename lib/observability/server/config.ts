/**
 * Telemetry settings, resolved from the validated env (see .env.example for the presets).
 * The browser's are resolved at request time and handed to the client by the root layout, so one
 * build serves any destination and telemetry can be switched off at start-up.
 */
import "server-only";
import type { Env } from "@/lib/env";
import { LOCAL_RECEIVER, type BrowserObservability } from "@/lib/observability/shared/settings";
import type { PipelineSettings } from "@/lib/observability/server/pipeline";

export const TELEMETRY_QUEUE_LIMIT = 2048;

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
    sampleRate: env.HIGHLIGHT_SAMPLE_RATE ?? 1,
    detail: env.HIGHLIGHT_AUTO_INSTRUMENT === "true" ? "full" : "standard",
    queueLimit: TELEMETRY_QUEUE_LIMIT,
    exportIntervalMs: 2000,
    logLevel: env.LOG_LEVEL,
    usingLocalDefault: !env.HIGHLIGHT_OTLP_ENDPOINT,
  };
}

export function browserObservability(env: Env): BrowserObservability {
  return {
    // An empty project id turns all telemetry off; NEXT_PUBLIC_HIGHLIGHT_REPLAY=false only the browser.
    enabled: env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID !== "" && env.NEXT_PUBLIC_HIGHLIGHT_REPLAY === "true",
    projectId: env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID,
    serviceName: "web-client",
    backendUrl: env.NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL ?? `${LOCAL_RECEIVER}/public`,
    otlpEndpoint: env.NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT ?? LOCAL_RECEIVER,
    environment: env.NODE_ENV,
    version: env.APP_VERSION,
    tracingOrigins: (env.NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    sampleRate: env.HIGHLIGHT_SAMPLE_RATE ?? 1,
  };
}
