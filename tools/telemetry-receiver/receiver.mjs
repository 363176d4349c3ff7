// @ts-check
/**
 * A local Highlight-compatible receiver: what the browser SDK (GraphQL at /public) and the
 * OpenTelemetry exporters (OTLP/HTTP, JSON or protobuf, at /v1/traces|logs|metrics) send, kept durably
 * under a directory and readable through a small JSON API (used by the e2e tests).
 * Zero dependencies; a development and test tool that the app never imports.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { bodyBytes, bodyText, DecodeError, deepDecode, flattenLogs, flattenSpans, parseJson } from "./decode.mjs";
import { decodeOtlpProtobuf } from "./otlp-protobuf.mjs";
import { createSourceMapResolver } from "./sourcemaps.mjs";
import { Store } from "./store.mjs";
import { SessionIndex } from "./views.mjs";
import { serveInspector } from "./inspector.mjs";

const MAX_BODY = 20 * 1024 * 1024;

/** Answers the SDK expects per GraphQL operation. */
const GRAPHQL_RESULTS = {
  initializeSession: (/** @type {any} */ v) => ({ secure_id: v.session_secure_id, project_id: "1", sampling: null }),
  GetSamplingConfig: () => null,
  pushPayload: () => 1,
  pushSessionEvents: () => 1,
  identifySession: () => null,
  addSessionProperties: () => null,
  addSessionFeedback: () => null,
  pushMetrics: () => 1,
  ignore: () => null,
};

/** Host names the receiver answers to: loopback only, so a rebound DNS name cannot reach it from a web page. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * @param {{ port?: number, host?: string, dir: string, sourceMapDir?: string, retention?: { maxAgeMs?: number, maxBytes?: number },
 *   log?: (line: string) => void, token?: string, allowedOrigins?: string[] }} options
 *   token: required by the read API and the fault/reset endpoints (random by default; the inspector page carries it).
 *   allowedOrigins: the app origins whose pages may send browser telemetry (CORS on /public and /v1/* only).
 */
export function createReceiver({
  port = 4318,
  host,
  dir,
  sourceMapDir,
  retention,
  log = () => {},
  token = randomBytes(24).toString("hex"),
  allowedOrigins = ["http://localhost:3000", "http://127.0.0.1:3000"],
}) {
  const store = new Store(dir, retention);
  const pruneTimer = setInterval(() => store.prune(), 10 * 60_000);
  pruneTimer.unref();
  const resolveFrame = sourceMapDir ? createSourceMapResolver(sourceMapDir) : undefined;
  /** Fault injection for failure tests: "down" drops ingest connections, "slow" delays answers, "error" answers 500. */
  let fault = { mode: "none", delayMs: 0 };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    const hostname = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (!LOOPBACK.has(hostname) && hostname !== host) return json(res, 403, { error: "host not allowed (the receiver answers on loopback names only)" });

    const ingest = url.pathname === "/public" || url.pathname.startsWith("/v1/");
    const origin = req.headers.origin;
    // Browsers may send telemetry from the app's own pages, and from nowhere else; the read API and the
    // inspector get no CORS at all, so no other page can read what was recorded.
    const sameOrigin = origin !== undefined && origin === `http://${req.headers.host}`; // the inspector's own requests
    if (origin && !sameOrigin && !(ingest && allowedOrigins.includes(origin))) return json(res, 403, { error: "origin not allowed" });
    if (ingest && origin && !sameOrigin) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-allow-headers", req.headers["access-control-request-headers"] ?? "content-type");
      res.setHeader("access-control-allow-methods", "POST, OPTIONS");
      res.setHeader("access-control-max-age", "600");
      res.setHeader("vary", "origin");
    }
    if (req.method === "OPTIONS") return void res.writeHead(ingest && origin ? 204 : 405).end();
    if (ingest && fault.mode === "down") return void req.socket.destroy();
    if (ingest && fault.mode === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (ingest && fault.mode === "error") return json(res, 500, { error: "injected failure" });

    try {
      if (req.method === "POST" && ingest) {
        const raw = await readBody(req);
        const encoding = req.headers["content-encoding"];
        store.append("requests", [
          { ts: Date.now(), path: url.pathname, contentType: req.headers["content-type"], encoding, body: raw.toString("base64") },
        ]);
        if (url.pathname === "/public") return json(res, 200, handleGraphql(bodyText(raw, encoding)));
        return json(res, 200, handleOtlp(url.pathname, raw, encoding, String(req.headers["content-type"] ?? "")));
      }
      // Awaited, so a failure inside is answered here rather than left as an unhandled rejection.
      if (url.pathname.startsWith("/api/") && url.pathname !== "/api/health" && !hasToken(req)) {
        return json(res, 401, { error: "missing or wrong token: open the inspector, or send x-receiver-token" });
      }
      if (url.pathname.startsWith("/api/")) return await handleApi(req, res, url);
      if (url.pathname === "/" || url.pathname === "/inspector") return void res.writeHead(302, { location: "/inspector/" }).end();
      if (url.pathname.startsWith("/inspector/") && req.method === "GET") return serveInspector(res, url.pathname, token);
      return json(res, 404, { error: "not found" });
    } catch (error) {
      log(`receiver: ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.message : error}`);
      if (res.headersSent) return void res.end();
      if (error instanceof DecodeError) return json(res, error.status, { error: error.message });
      return json(res, 400, { error: "could not decode the request" });
    }
  });
  // Whatever a handler throws (it should not), the receiver answers and keeps running.
  server.on("clientError", (_error, socket) => socket.destroy());

  /** @param {import("node:http").IncomingMessage} req */
  function hasToken(req) {
    const given = Buffer.from(String(req.headers["x-receiver-token"] ?? ""));
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** @param {string} text */
  function handleGraphql(text) {
    const parsed = parseJson(text);
    const operations = Array.isArray(parsed) ? parsed : [parsed];
    const answers = operations.map((/** @type {any} */ op) => {
      const variables = /** @type {Record<string, unknown>} */ (deepDecode(op.variables ?? {}));
      const field = /(?:query|mutation)\s+\w*\s*(?:\([^)]*\))?\s*\{\s*(\w+)/.exec(op.query ?? "")?.[1] ?? op.operationName;
      store.append("graphql", [{ ts: Date.now(), operationName: op.operationName, field, variables }]);
      const result = GRAPHQL_RESULTS[/** @type {keyof typeof GRAPHQL_RESULTS} */ (field)];
      return { data: { [field]: result ? result(variables) : null } };
    });
    return Array.isArray(parsed) ? answers : answers[0];
  }

  /** @param {string} pathname @param {Buffer} raw @param {string | string[] | undefined} encoding @param {string} type */
  function handleOtlp(pathname, raw, encoding, type) {
    const bytes = bodyBytes(raw, Array.isArray(encoding) ? encoding[0] : encoding);
    const body = type.includes("protobuf") ? decodeOtlpProtobuf(pathname, bytes) : type.includes("json") ? parseJson(bytes.toString("utf8")) : undefined;
    if (!body) {
      log(`receiver: ${pathname} sent ${type}; only OTLP/JSON and OTLP/protobuf traces and logs are decoded (raw bytes kept in requests.ndjson)`);
      return { partialSuccess: {} };
    }
    if (pathname === "/v1/traces") store.append("spans", flattenSpans(body).map((s) => ({ ts: Date.now(), ...s })));
    else if (pathname === "/v1/logs") store.append("logs", flattenLogs(body).map((l) => ({ ts: Date.now(), ...l })));
    else if (pathname === "/v1/metrics") store.append("metrics", [{ ts: Date.now(), body }]);
    return { partialSuccess: {} };
  }

  /** @param {import("node:http").IncomingMessage} req @param {import("node:http").ServerResponse} res @param {URL} url */
  async function handleApi(req, res, url) {
    const q = (/** @type {string} */ name) => url.searchParams.get(name) ?? undefined;
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case "GET /api/health":
        return json(res, 200, { status: "ok", pid: process.pid, fault, counts: counts() });
      case "GET /api/sessions": {
        if (q("summary") !== "1") return json(res, 200, { sessions: store.sessions.list({ withEvents: q("events") === "1", resolveFrame }) });
        const needle = q("q")?.toLowerCase();
        const all = [...store.sessions.sessions.values()]
          .map((s) => SessionIndex.summary(s))
          .filter((s) => !needle || JSON.stringify(s.user ?? {}).toLowerCase().includes(needle))
          .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
        return json(res, 200, page(all, "sessions", url));
      }
      case "GET /api/graphql":
        return json(res, 200, {
          operations: store.data.graphql.filter(
            (op) => (!q("field") || op.field === q("field")) && (!q("session") || op.variables.session_secure_id === q("session")),
          ),
        });
      case "GET /api/spans":
        return json(res, 200, {
          spans: (q("traceId") ? (store.spansByTrace.get(q("traceId") ?? "") ?? []) : store.data.spans).filter(
            (s) =>
              (!q("traceId") || s.traceId === q("traceId")) &&
              (!q("name") || s.name === q("name")) &&
              (!q("sessionId") || s.attributes["highlight.session_id"] === q("sessionId")) &&
              (!q("service") || s.serviceName === q("service")),
          ),
        });
      case "GET /api/logs": {
        const level = q("level")?.toLowerCase();
        const text = q("q")?.toLowerCase();
        const source = q("traceId") ? (store.logsByTrace.get(q("traceId") ?? "") ?? []) : store.data.logs;
        const logs = source
          .filter(
            (l) =>
              (!q("sessionId") || l.attributes["highlight.session_id"] === q("sessionId")) &&
              (!level || String(l.severity).toLowerCase() === level) &&
              (!text || JSON.stringify([l.body, l.attributes]).toLowerCase().includes(text)),
          )
          .slice()
          .reverse(); // newest first
        return json(res, 200, page(logs, "logs", url));
      }
      case "GET /api/requests":
        return json(res, 200, { requests: store.data.requests });
      case "GET /api/metrics":
        return json(res, 200, { metrics: store.data.metrics });
      case "POST /api/reset":
        store.reset();
        return json(res, 200, { status: "reset" });
      case "POST /api/fault": {
        const body = parseJson((await readBody(req)).toString("utf8") || "{}");
        if (!["none", "down", "slow", "error"].includes(body.mode)) return json(res, 400, { error: "mode must be none, down, slow or error" });
        fault = { mode: body.mode, delayMs: Math.min(Number(body.delayMs) || 0, 120_000) };
        return json(res, 200, { fault });
      }
      default: {
        const session = /^GET \/api\/sessions\/([\w-]{1,64})$/.exec(route);
        if (session) {
          const s = store.sessions.sessions.get(session[1] ?? "");
          return s ? json(res, 200, { session: { ...store.sessions.full(s, { resolveFrame }), summary: SessionIndex.summary(s) } }) : json(res, 404, { error: "no such session" });
        }
        const trace = /^GET \/api\/traces\/([0-9a-f]{32})$/.exec(route);
        if (trace) {
          const spans = store.spansByTrace.get(trace[1] ?? "") ?? [];
          const logs = store.logsByTrace.get(trace[1] ?? "") ?? [];
          return json(res, 200, { traceId: trace[1], spans, logs });
        }
        return json(res, 404, { error: `no route ${route}` });
      }
    }
  }

  /** Paginates a list: ?page (1-based) and ?limit (default 100, at most 1000). */
  function page(/** @type {any[]} */ list, /** @type {string} */ key, /** @type {URL} */ url) {
    const limit = Math.min(Math.max(Number(url.searchParams.get("limit")) || 100, 1), 1000);
    const pageNumber = Math.max(Number(url.searchParams.get("page")) || 1, 1);
    return { [key]: list.slice((pageNumber - 1) * limit, pageNumber * limit), total: list.length, page: pageNumber, limit };
  }

  function counts() {
    return Object.fromEntries(Object.entries(store.data).map(([kind, list]) => [kind, list.length]));
  }

  return {
    server,
    store,
    token,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(server.address()));
      }),
    close: () =>
      new Promise((resolve) => {
        clearInterval(pruneTimer);
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @param {import("node:http").IncomingMessage} req @returns {Promise<Buffer>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new DecodeError(`body larger than ${MAX_BODY} bytes`, 413));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** @param {import("node:http").ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
