/**
 * What the browser is told about telemetry. The server resolves it from the env at request time
 * (server/config.ts) and the root layout hands it to the client, so one build serves any
 * destination and telemetry can be switched off at start-up.
 */

export const LOCAL_RECEIVER = "http://localhost:4318";

/** Network requests never recorded: auth bodies carry passwords, invitation answers carry their link, tokens carry secrets. */
export const NETWORK_URL_BLOCKLIST = ["/api/auth/", "/api/stripe/", "/api/team/invitations", "token=", "password", "secret"];
/** JSON keys redacted from recorded bodies of the requests that are recorded. */
export const NETWORK_BODY_KEYS_TO_REDACT = ["password", "token", "secret", "card", "cvc"];

/**
 * User-timing marks around the recorder's start (browser/start-recorder.ts): a performance trace,
 * or `npm run bench`, can then tell the recorder's blocking time from the page's own.
 */
export const RECORDER_MARKS = { start: "highlight-recorder:start", ready: "highlight-recorder:ready" } as const;

export type BrowserObservability = {
  enabled: boolean;
  projectId: string;
  serviceName: "web-client";
  backendUrl: string;
  otlpEndpoint: string;
  environment: string;
  version: string;
  /** Extra origins (besides the page's own) whose requests get the session header. */
  tracingOrigins: string[];
  /** Share of browser sessions recorded (0 to 1); the server samples the same sessions. */
  sampleRate: number;
};

/** The env variables browser telemetry depends on (a subset of lib/env.ts's validated env). */
export type BrowserTelemetryEnv = {
  NODE_ENV: string;
  APP_VERSION: string;
  NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: string;
  NEXT_PUBLIC_HIGHLIGHT_REPLAY: string;
  NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL?: string;
  NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT?: string;
  NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS?: string;
  HIGHLIGHT_SAMPLE_RATE?: number;
};

export function browserObservability(env: BrowserTelemetryEnv): BrowserObservability {
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

/**
 * What a Content-Security-Policy must allow for the recorder to work against this destination:
 * the backend and OTLP origins it sends to, the API origins it adds the session header for, and
 * the blob: workers it compresses payloads in.
 */
export function telemetryCspSources(config: BrowserObservability): { connect: string[]; worker: string[] } {
  if (!config.enabled) return { connect: [], worker: [] };
  const origins = [config.backendUrl, config.otlpEndpoint, ...config.tracingOrigins].map((url) => new URL(url).origin);
  return { connect: [...new Set(origins)], worker: ["blob:"] };
}
