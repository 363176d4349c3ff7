/**
 * What the browser is told about telemetry. The server resolves it from the env at request time
 * (server/config.ts) and the root layout hands it to the client, so one build serves any
 * destination and telemetry can be switched off at start-up.
 */

export const LOCAL_RECEIVER = "http://localhost:4318";

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
  /** Share of browser sessions recorded (0 to 1); the server samples the same sessions. */
  sampleRate: number;
};
