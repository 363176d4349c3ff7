/**
 * Where telemetry goes, derived from the env (see .env.example for presets).
 * Browser values are NEXT_PUBLIC_* and inlined by `next build`, so they are read
 * with literal `process.env.X` accesses; server values are read at start-up.
 */
export const LOCAL_RECEIVER = "http://localhost:4318";

const blankToUndefined = (value: string | undefined) => (value === "" ? undefined : value);

/** Project id: unset → "local" (the local receiver accepts any); explicitly empty → telemetry off. */
const projectId = process.env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID ?? "local";

export const browserObservability = {
  enabled: projectId !== "" && process.env.NEXT_PUBLIC_HIGHLIGHT_REPLAY !== "false",
  projectId,
  serviceName: "web-client",
  backendUrl: blankToUndefined(process.env.NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL) ?? `${LOCAL_RECEIVER}/public`,
  otlpEndpoint: blankToUndefined(process.env.NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT) ?? LOCAL_RECEIVER,
  environment: process.env.NODE_ENV ?? "development",
  /** Network requests never recorded: auth bodies carry passwords, tokens carry secrets. */
  urlBlocklist: ["/api/auth/", "/api/stripe/", "token=", "password", "secret"],
} as const;

export type BrowserObservability = typeof browserObservability;
