import { env } from "@/lib/env";
import { LOCAL_RECEIVER } from "@/lib/observability/config";

export type ServerObservability = {
  enabled: boolean;
  projectId: string;
  serviceName: "web-api";
  serviceVersion: string;
  environment: string;
  otlpEndpoint: string;
  logLevel: string;
  autoInstrument: boolean;
  /** No endpoint configured: the local development receiver. */
  usingLocalDefault: boolean;
};

export function serverObservability(): ServerObservability {
  const e = env();
  return {
    enabled: e.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID !== "",
    projectId: e.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID,
    serviceName: "web-api",
    serviceVersion: e.APP_VERSION,
    environment: e.NODE_ENV,
    otlpEndpoint: e.HIGHLIGHT_OTLP_ENDPOINT ?? LOCAL_RECEIVER,
    logLevel: e.LOG_LEVEL,
    autoInstrument: e.HIGHLIGHT_AUTO_INSTRUMENT === "true",
    usingLocalDefault: !e.HIGHLIGHT_OTLP_ENDPOINT,
  };
}
