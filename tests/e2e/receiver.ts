/** Reads what the local telemetry receiver got (tools/telemetry-receiver), for assertions. */
import { gunzipSync } from "node:zlib";
import { E2E } from "./ports";

export type Span = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  status: { code: number };
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
  serviceName: string;
};
export type Log = { traceId?: string; spanId?: string; severity: string; body: unknown; attributes: Record<string, unknown>; serviceName?: string };
export type Resource = {
  name: string;
  initiatorType?: string;
  requestResponsePairs?: { urlBlocked?: boolean; request?: { headers?: Record<string, string>; body?: unknown } };
};
export type Session = {
  secureId: string;
  projectId?: string;
  serviceName?: string;
  appVersion?: string;
  user: { identifier: string; [key: string]: unknown } | null;
  feedback: { userName?: string; userEmail?: string; verbatim: string }[];
  eventCount: number;
  events: { type: number }[];
  resources: Resource[];
  errors: { event: string; stackTrace?: unknown; [key: string]: unknown }[];
};

const authorized = { "x-receiver-token": E2E.receiverToken };

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${E2E.receiverUrl}${path}`, { headers: authorized });
  if (!res.ok) throw new Error(`receiver ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const receiver = {
  sessions: async (events = false) => (await get<{ sessions: Session[] }>(`/api/sessions${events ? "?events=1" : ""}`)).sessions,
  session: async (id: string) => (await receiver.sessions(true)).find((s) => s.secureId === id),
  spans: async (query: Record<string, string> = {}) => (await get<{ spans: Span[] }>(`/api/spans?${new URLSearchParams(query)}`)).spans,
  logs: async (query: Record<string, string> = {}) => (await get<{ logs: Log[] }>(`/api/logs?${new URLSearchParams(query)}`)).logs,
  /** Every request body as received, plus its gunzipped form. */
  rawBodies: async () => {
    const { requests } = await get<{ requests: { path: string; body: string }[] }>("/api/requests");
    return requests.map((r) => {
      const raw = Buffer.from(r.body, "base64");
      let text = raw.toString("utf8");
      try {
        text += "\n" + gunzipSync(raw).toString("utf8");
      } catch {
        // not gzip
      }
      return { path: r.path, text };
    });
  },
  /** Everything the receiver decoded (GraphQL variables unpacked from base64-gzip, OTLP flattened). */
  decodedDump: async () => {
    const logs: unknown[] = [];
    for (let page = 1; ; page++) {
      const batch = await get<{ logs: unknown[]; total: number }>(`/api/logs?limit=1000&page=${page}`);
      logs.push(...batch.logs);
      if (logs.length >= batch.total || batch.logs.length === 0) break;
    }
    return JSON.stringify([await get("/api/graphql"), await get("/api/spans"), logs, await get("/api/metrics")]);
  },
  fault: async (mode: "none" | "down" | "slow" | "error", delayMs = 0) => {
    const res = await fetch(`${E2E.receiverUrl}/api/fault`, { method: "POST", headers: authorized, body: JSON.stringify({ mode, delayMs }) });
    if (!res.ok) throw new Error(`receiver /api/fault: ${res.status}`);
  },
};
