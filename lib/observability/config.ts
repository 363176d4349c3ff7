/**
 * Where browser telemetry goes, derived from the env module on the server (see .env.example
 * for presets) and handed to the client as props by the root layout. Reading it at request time
 * means one build serves any destination, and telemetry can be switched off at start-up.
 */
import type { Env } from "@/lib/env";

export const LOCAL_RECEIVER = "http://localhost:4318";

/**
 * First-party cookie holding the browser's Highlight session id (`sessionCookie: true`): proxy.ts
 * reads it to link page loads, RSC requests and server actions, which carry no SDK header.
 */
export const SESSION_ID_COOKIE = "sessionSecureID";

/** A Highlight session secure id as the SDK makes them; anything else in the cookie is ignored. */
export const isSessionId = (value: string | undefined): value is string => !!value && /^[\w-]{1,64}$/.test(value);

/** Network requests never recorded: auth bodies carry passwords, tokens carry secrets. */
export const NETWORK_URL_BLOCKLIST = ["/api/auth/", "/api/stripe/", "token=", "password", "secret"];
/** JSON keys redacted from recorded bodies of the requests that are recorded. */
export const NETWORK_BODY_KEYS_TO_REDACT = ["password", "token", "secret", "card", "cvc"];

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
};

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
  };
}
