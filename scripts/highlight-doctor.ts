/**
 * `npm run highlight:doctor`: where does each signal go, and does that destination work?
 * Resolves the endpoints from the app's env (same rules as the app), then checks each for
 * real: DNS, TCP, an OTLP export of one test span and one test log (sent by the server's own
 * exporter, so with its encoding and headers), and a browser-style GraphQL initializeSession.
 * Every check has a timeout; exit code 1 if anything fails.
 */
import "dotenv/config";
import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";
import { ROOT_CONTEXT, SpanStatusCode, trace } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, type SdkLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { parseEnv, type Env } from "@/lib/env";
import { createOtlpHttpExporter, type OtlpHttpOptions } from "@/lib/observability/server/otlp-http-exporter";
import { encodeLogs, encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { LOCAL_RECEIVER } from "@/lib/observability/shared/settings";

export type Check = { signal: string; check: string; ok: boolean; detail: string; fix?: string };
export type Destination = { signal: string; url: string; probe: "otlp" | "otlp-browser" | "graphql" };

/** The three destinations, resolved exactly as the app resolves them. */
export function destinations(env: Env): Destination[] {
  const browserOtlp = env.NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT ?? LOCAL_RECEIVER;
  const result: Destination[] = [{ signal: "server traces/logs/metrics (HIGHLIGHT_OTLP_ENDPOINT)", url: env.HIGHLIGHT_OTLP_ENDPOINT ?? LOCAL_RECEIVER, probe: "otlp" }];
  if (env.NEXT_PUBLIC_HIGHLIGHT_REPLAY === "true") {
    result.push(
      { signal: "browser replay/errors (NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL)", url: env.NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL ?? `${LOCAL_RECEIVER}/public`, probe: "graphql" },
      { signal: "browser traces (NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT)", url: browserOtlp, probe: "otlp-browser" },
    );
  }
  return result;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** One test span and one log record in it, made by the OpenTelemetry SDK as the app's server makes them. */
function testSignals(projectId: string): { spans: ReadableSpan[]; logs: SdkLogRecord[] } {
  const resource = resourceFromAttributes({ "service.name": "highlight-doctor", "highlight.project_id": projectId });
  const spans: ReadableSpan[] = [];
  const logs: SdkLogRecord[] = [];
  const idle = { forceFlush: async () => {}, shutdown: async () => {} };
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [{ ...idle, onStart: () => {}, onEnd: (span) => spans.push(span) }] }).getTracer("highlight-doctor");
  const span = tracer.startSpan("doctor_test_span");
  span.setStatus({ code: SpanStatusCode.OK });
  span.end();
  new LoggerProvider({ resource, processors: [{ ...idle, onEmit: (record) => logs.push(record) }] })
    .getLogger("highlight-doctor")
    .emit({ severityText: "info", body: "highlight doctor test log", context: trace.setSpan(ROOT_CONTEXT, span) });
  return { spans, logs };
}

function sendAsServer<T>(encode: (items: T[]) => Buffer, items: T[], url: string, options: Omit<OtlpHttpOptions, "url">) {
  const exporter = createOtlpHttpExporter(encode, { ...options, url });
  return new Promise<ExportResult>((resolve) => exporter.export(items, resolve)).finally(() => exporter.shutdown());
}

const INITIALIZE_SESSION = `mutation initializeSession($session_secure_id: String!, $organization_verbose_id: String!, $enable_strict_privacy: Boolean!, $privacy_setting: String!, $enable_recording_network_contents: Boolean!, $clientVersion: String!, $firstloadVersion: String!, $clientConfig: String!, $environment: String!, $id: String!, $appVersion: String, $serviceName: String!, $client_id: String!) {
  initializeSession(session_secure_id: $session_secure_id, organization_verbose_id: $organization_verbose_id, enable_strict_privacy: $enable_strict_privacy, privacy_setting: $privacy_setting, enable_recording_network_contents: $enable_recording_network_contents, clientVersion: $clientVersion, firstloadVersion: $firstloadVersion, clientConfig: $clientConfig, environment: $environment, appVersion: $appVersion, serviceName: $serviceName, fingerprint: $id, client_id: $client_id) { secure_id project_id }
}`;

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

async function post(url: string, json: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: json,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: (await res.text()).slice(0, 300) };
}

function tcp(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
    socket.once("connect", () => done());
    socket.once("error", done);
  });
}

/** Runs every check for every destination; never throws, never hangs past the timeouts. */
/**
 * `origin`: the app's origin, as the browser sends it in the CORS preflight (a backend should allow
 * the app and nobody else). `npm run highlight:doctor -- --origin https://app.example.com`.
 */
export async function runDoctor(env: Env, { timeoutMs = 5000, origin = "http://localhost:3000" } = {}): Promise<Check[]> {
  const checks: Check[] = [];
  for (const dest of destinations(env)) {
    const add = (check: string, ok: boolean, detail: string, fix?: string) => checks.push({ signal: dest.signal, check, ok, detail, fix });
    const url = new URL(dest.url);
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    try {
      const { address } = await lookup(url.hostname);
      add("DNS", true, `${url.hostname} → ${address}`);
    } catch (error) {
      add("DNS", false, `${url.hostname}: ${describe(error)}`, "check the host name in the URL");
      continue;
    }
    try {
      await tcp(url.hostname, port, timeoutMs);
      add("TCP", true, `${url.hostname}:${port} accepts connections`);
    } catch (error) {
      add("TCP", false, `${url.hostname}:${port}: ${describe(error)}`, "is the backend running and the port open? (locally: npm run telemetry)");
      continue;
    }
    const base = dest.url.replace(/\/$/, "");
    if (dest.probe !== "otlp") {
      // Browsers send these cross-origin: without CORS the SDK fails silently in every page.
      const target = dest.probe === "graphql" ? base : `${base}/v1/traces`;
      try {
        const res = await fetch(target, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
          signal: AbortSignal.timeout(timeoutMs),
        });
        const allowed = res.headers.get("access-control-allow-origin");
        const ok = allowed === "*" || allowed === origin;
        add("CORS preflight", ok, ok ? `allows cross-origin POST (${allowed})` : `HTTP ${res.status}, access-control-allow-origin: ${allowed ?? "missing"}`, ok ? undefined : `the endpoint must answer CORS preflights from your app's origin (${origin}; set it with --origin)`);
      } catch (error) {
        add("CORS preflight", false, describe(error), "the endpoint must answer CORS preflights from your app's origin");
      }
    }
    if (dest.probe === "graphql") {
      try {
        const res = await post(
          base,
          JSON.stringify({
            operationName: "initializeSession",
            query: INITIALIZE_SESSION,
            variables: {
              session_secure_id: `doctor${hex(8)}`,
              organization_verbose_id: env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID,
              enable_strict_privacy: false,
              privacy_setting: "default",
              enable_recording_network_contents: false,
              clientVersion: "doctor",
              firstloadVersion: "doctor",
              clientConfig: "{}",
              environment: env.NODE_ENV,
              id: "doctor",
              serviceName: "highlight-doctor",
              client_id: hex(8),
            },
          }),
          timeoutMs,
        );
        type Answer = { data?: { initializeSession?: { secure_id?: string } }; errors?: { message: string }[] };
        let json: Answer = {};
        try {
          json = JSON.parse(res.text) as Answer;
        } catch {
          // not JSON: reported with the status below
        }
        const ok = res.status < 300 && Boolean(json.data?.initializeSession?.secure_id);
        add(
          "GraphQL initializeSession",
          ok,
          ok ? `session accepted (HTTP ${res.status})` : `HTTP ${res.status}: ${json.errors?.[0]?.message ?? res.text}`,
          ok ? undefined : "the URL must be the public GraphQL endpoint (…/public), and the project id must exist there",
        );
      } catch (error) {
        add("GraphQL initializeSession", false, describe(error), "the URL must be the public GraphQL endpoint (…/public)");
      }
      continue;
    }
    const urlFix = "the URL must be the OTLP/HTTP base (without /v1/…), usually port 4318";
    const test = testSignals(env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID);
    if (dest.probe === "otlp") {
      // As the app's server sends: its exporter, OTEL_EXPORTER_OTLP_HEADERS and OTEL_EXPORTER_OTLP_COMPRESSION.
      const options = { headers: env.OTEL_EXPORTER_OTLP_HEADERS, compression: env.OTEL_EXPORTER_OTLP_COMPRESSION, timeoutMs };
      for (const [kind, result] of [
        ["traces", await sendAsServer(encodeTraces, test.spans, `${base}/v1/traces`, options)],
        ["logs", await sendAsServer(encodeLogs, test.logs, `${base}/v1/logs`, options)],
      ] as const) {
        const ok = result.code === ExportResultCode.SUCCESS;
        const detail = ok ? `POST ${base}/v1/${kind} accepted (the server's own exporter)` : `POST ${base}/v1/${kind}: ${describe(result.error)}`;
        add(`OTLP export (1 test ${kind === "traces" ? "span" : "log"})`, ok, detail, ok ? undefined : `${urlFix}; a collector that wants a key: OTEL_EXPORTER_OTLP_HEADERS`);
      }
      continue;
    }
    try {
      // As the browser SDK sends its traces: OTLP/JSON, uncompressed.
      const res = await post(`${base}/v1/traces`, new TextDecoder().decode(JsonTraceSerializer.serializeRequest(test.spans)), timeoutMs);
      const ok = res.status >= 200 && res.status < 300;
      add("OTLP export (1 test span)", ok, `POST ${base}/v1/traces → HTTP ${res.status}`, ok ? undefined : urlFix);
    } catch (error) {
      add("OTLP export (1 test span)", false, `POST ${base}/v1/traces: ${describe(error)}`, urlFix);
    }
  }
  return checks;
}

export function report(checks: Check[]): string {
  return checks
    .map((c) => `${c.ok ? "PASS" : "FAIL"}  ${c.signal}  ${c.check}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ""}`)
    .join("\n");
}

async function main(): Promise<number> {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
  if (env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID === "") {
    console.log("Highlight is off (NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID is empty): nothing is sent, nothing to check.");
    return 0;
  }
  console.log(`Project id: ${env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID}`);
  for (const dest of destinations(env)) console.log(`  ${dest.signal} → ${dest.url}`);
  if (env.NEXT_PUBLIC_HIGHLIGHT_REPLAY !== "true") console.log("  browser recording → off (NEXT_PUBLIC_HIGHLIGHT_REPLAY=false)");
  console.log("");
  const flag = process.argv.indexOf("--origin");
  const origin = flag > 0 ? process.argv[flag + 1] : undefined;
  if (origin !== undefined && !/^https?:\/\/[^/\s]+$/.test(origin)) {
    console.error("--origin must be an origin such as https://app.example.com");
    return 2;
  }
  const checks = await runDoctor(env, origin ? { origin } : {});
  console.log(report(checks));
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`\n${failed === 0 ? "All checks passed." : `${failed} check(s) failed.`}`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main().then((code) => process.exit(code));
