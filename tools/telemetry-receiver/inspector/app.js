// Telemetry inspector: sessions → replay → trace → logs, over the local receiver's API.
// Plain browser JavaScript, no build step. Every value from telemetry goes through textContent.
"use strict";

const view = document.getElementById("view");

/** h("a", { href }, "text", child…): a DOM element; strings become text nodes, never HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

/** The read API's token, put in this page by the receiver (no other origin can read the page). */
const TOKEN = document.querySelector('meta[name="receiver-token"]')?.getAttribute("content") ?? "";
const authorized = { "x-receiver-token": TOKEN };

async function api(path) {
  const res = await fetch(path, { headers: authorized });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

const time = (ms) => (ms ? new Date(ms).toLocaleString() : "–");
const duration = (ms) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const userLabel = (user) => (user ? user.identifier || user.email || user.name : "anonymous");

function render(...nodes) {
  view.replaceChildren(...nodes);
  view.focus({ preventScroll: true });
}

/** The trace a recorded request belongs to: traceparent, or the x-highlight-request request id. */
function traceOf(resource) {
  const headers = resource.requestResponsePairs?.request?.headers ?? {};
  const parent = headers.traceparent?.split("-")[1];
  if (parent && /^[0-9a-f]{32}$/.test(parent)) return parent;
  const request = headers["x-highlight-request"]?.split("/")[1];
  return request && /^[0-9a-f]{32}$/.test(request) ? request : null;
}

// ── Sessions list ────────────────────────────────────────────────────────────
async function sessionsPage(params) {
  const q = params.get("q") ?? "";
  const page = Number(params.get("page") ?? 1);
  const data = await api(`/api/sessions?summary=1&limit=50&page=${page}&q=${encodeURIComponent(q)}`);
  const form = h(
    "form",
    { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); location.hash = `#/sessions?q=${encodeURIComponent(e.target.q.value)}`; } },
    h("label", {}, "Search by user email", h("input", { name: "q", type: "search", value: q, placeholder: "demo@example.com" })),
    h("button", { type: "submit" }, "Search"),
  );
  const rows = data.sessions.map((s) =>
    h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/sessions/${s.secureId}` }, time(s.startedAt))),
      h("td", {}, userLabel(s.user)),
      h("td", {}, duration(s.durationMs)),
      h("td", {}, String(s.requestCount)),
      h("td", {}, s.errorCount ? h("span", { class: "badge error" }, String(s.errorCount)) : "0"),
      h("td", {}, String(s.feedbackCount)),
    ),
  );
  render(
    h("h1", {}, "Sessions"),
    form,
    rows.length
      ? h("table", { "aria-label": "Sessions" }, h("thead", {}, h("tr", {}, ["Started", "User", "Duration", "Requests", "Errors", "Feedback"].map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows))
      : h("p", { class: "empty" }, q ? `No session for “${q}”.` : "No sessions yet: open the app and click around."),
    pager(data, (p) => `#/sessions?q=${encodeURIComponent(q)}&page=${p}`),
  );
}

function pager(data, link) {
  const pages = Math.max(1, Math.ceil(data.total / data.limit));
  if (pages === 1) return h("p", { class: "muted" }, `${data.total} in total`);
  return h(
    "p",
    {},
    data.page > 1 ? h("a", { href: link(data.page - 1) }, "← Newer") : "",
    ` Page ${data.page} of ${pages} (${data.total} in total) `,
    data.page < pages ? h("a", { href: link(data.page + 1) }, "Older →") : "",
  );
}

// ── One session: replay + timeline ───────────────────────────────────────────
async function sessionPage(id) {
  const [{ session }, { spans }] = await Promise.all([
    api(`/api/sessions/${encodeURIComponent(id)}`),
    api(`/api/spans?sessionId=${encodeURIComponent(id)}`),
  ]);
  const events = [...session.events].sort((a, b) => a.timestamp - b.timestamp);
  const start = events[0]?.timestamp ?? session.startedAt ?? 0;
  // Server work of this session that no recorded browser request leads to: page renders, and
  // requests that continued the session later (a webhook after Stripe Checkout), with what they continue.
  const requested = new Set(session.resources.map(traceOf).filter(Boolean));
  const inTrace = new Set(spans.map((s) => s.spanId));
  const serverOnly = spans.filter((s) => !requested.has(s.traceId) && !(s.parentSpanId && inTrace.has(s.parentSpanId)));

  const items = [
    ...session.resources
      .filter((r) => r.initiatorType === "fetch" || r.initiatorType === "xmlhttprequest")
      .map((r) => {
        const trace = traceOf(r);
        const pair = r.requestResponsePairs;
        return {
          at: r.startTimeAbs ?? start,
          node: h(
            "li",
            { "data-kind": "network" },
            h("span", { class: "kind" }, "network"),
            `${pair?.request?.verb ?? "GET"} ${new URL(r.name).pathname} `,
            pair?.response?.status ? h("span", { class: pair.response.status >= 400 ? "badge error" : "badge" }, String(pair.response.status)) : "",
            pair?.urlBlocked ? h("span", { class: "muted" }, " (not recorded: blocklisted)") : "",
            trace ? [" ", h("a", { href: `#/traces/${trace}` }, "View trace")] : "",
          ),
        };
      }),
    ...serverOnly.map((s) => ({
      at: s.startMs ?? start,
      node: h(
        "li",
        { "data-kind": "server", "data-span": s.name },
        h("span", { class: "kind" }, "server"),
        `${s.name} `,
        h("a", { href: `#/traces/${s.traceId}` }, "View trace"),
        (s.links ?? []).map((link) => [" · continues ", h("a", { href: `#/traces/${link.traceId}`, "data-link": "continues" }, `trace ${link.traceId.slice(0, 8)}…`)]),
      ),
    })),
    ...session.messages.map((m) => ({
      at: m.time ?? start,
      node: h("li", { "data-kind": "console" }, h("span", { class: "kind" }, `console.${m.type ?? "log"}`), (m.value ?? []).join(" ")),
    })),
    ...session.errors.map((e) => {
      const top = (e.stackTrace ?? []).find((f) => f.original) ?? e.stackTrace?.[0];
      const where = top?.original ? `${top.original.file}:${top.original.line}:${top.original.column}` : top ? `${top.fileName}:${top.lineNumber}:${top.columnNumber}` : "";
      return {
        at: Date.parse(e.timestamp) || start,
        node: h("li", { "data-kind": "error" }, h("span", { class: "kind error" }, "error"), e.event, h("div", { class: "muted" }, where)),
      };
    }),
    ...session.feedback.map((f) => ({
      at: Date.parse(f.timestamp) || start,
      node: h("li", { "data-kind": "feedback" }, h("span", { class: "kind" }, "feedback"), `“${f.verbatim}” — ${f.userEmail ?? "anonymous"}`),
    })),
  ].sort((a, b) => a.at - b.at);

  const player = h("div", { id: "player" });
  render(
    h("p", {}, h("a", { href: "#/sessions" }, "← Sessions")),
    h("h1", {}, `Session of ${userLabel(session.user)}`),
    h("p", { class: "muted" }, `${time(session.summary.startedAt)} · ${duration(session.summary.durationMs)} · ${session.eventCount} replay events · `, h("a", { href: `#/logs?sessionId=${id}` }, "logs of this session")),
    h(
      "div",
      { class: "split" },
      h("section", { "aria-label": "Replay" }, player),
      h("section", { "aria-label": "Timeline" }, h("ol", { class: "timeline" }, items.map((i) => i.node))),
    ),
  );
  if (events.length >= 2 && window.rrwebPlayer) {
    const Player = window.rrwebPlayer.default ?? window.rrwebPlayer;
    const width = Math.min(player.clientWidth || 760, 900);
    const instance = new Player({ target: player, props: { events, width, height: Math.round(width * 0.6), autoPlay: false, speedOption: [1, 2, 4, 8] } });
    window.__inspectorPlayer = instance;
    // The player's state (paused / playing) on the element, for people's stylesheets and for tests.
    player.dataset.playerState = "paused";
    instance.addEventListener("ui-update-player-state", (detail) => {
      player.dataset.playerState = String(detail?.payload ?? detail);
    });
  } else {
    player.append(h("p", { class: "empty" }, "No replay events for this session yet."));
  }
}

// ── One trace: waterfall + its logs ──────────────────────────────────────────
async function tracePage(traceId) {
  const { spans, logs } = await api(`/api/traces/${traceId}`);
  if (!spans.length) return render(h("h1", {}, "Trace"), h("p", { class: "empty" }, "No spans for this trace (yet: the server exports every 5 s)."));
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depth = (s) => (s.parentSpanId && byId.has(s.parentSpanId) ? 1 + depth(byId.get(s.parentSpanId)) : 0);
  const t0 = Math.min(...spans.map((s) => s.startMs));
  const t1 = Math.max(...spans.map((s) => s.endMs ?? s.startMs));
  const total = Math.max(1, t1 - t0);
  const ordered = [...spans].sort((a, b) => a.startMs - b.startMs || depth(a) - depth(b));
  const sessionId = spans.find((s) => s.attributes["highlight.session_id"])?.attributes["highlight.session_id"];

  const rows = ordered.map((s) => {
    const failed = s.status?.code === 2;
    const exceptions = s.events.filter((e) => e.name === "exception");
    return h(
      "tr",
      { "data-span": s.name },
      h(
        "td",
        { style: `padding-left: ${0.6 + depth(s) * 1.1}rem` },
        h("strong", {}, s.name),
        " ",
        h("span", { class: "muted" }, s.serviceName ?? ""),
        failed ? [" ", h("span", { class: "badge error" }, "ERROR")] : "",
        h("details", {}, h("summary", {}, "attributes"), h("pre", {}, JSON.stringify(s.attributes, null, 2))),
        exceptions.map((e) => h("pre", { class: "kind error" }, `${e.attributes["exception.type"] ?? "Error"}: ${e.attributes["exception.message"] ?? ""}`)),
        (s.links ?? []).map((link) =>
          h("div", { class: "muted" }, "continues ", h("a", { href: `#/traces/${link.traceId}`, "data-link": "continues" }, `trace ${link.traceId}`)),
        ),
      ),
      h("td", {}, duration((s.endMs ?? s.startMs) - s.startMs)),
      h(
        "td",
        { class: "bar-cell" },
        h("div", { class: "bar" }, h("span", { class: failed ? "error" : "", style: `left:${((s.startMs - t0) / total) * 100}%;width:${Math.max(0.3, (((s.endMs ?? s.startMs) - s.startMs) / total) * 100)}%` })),
      ),
    );
  });
  render(
    h("p", {}, sessionId ? h("a", { href: `#/sessions/${sessionId}` }, "← Session") : h("a", { href: "#/sessions" }, "← Sessions")),
    h("h1", {}, `Trace ${traceId}`),
    h("table", { class: "waterfall", "aria-label": "Spans" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Span"), h("th", { scope: "col" }, "Duration"), h("th", { scope: "col" }, "Timeline"))), h("tbody", {}, rows)),
    h("h2", {}, `Logs of this trace (${logs.length})`),
    logTable(logs),
  );
}

// ── Logs ─────────────────────────────────────────────────────────────────────
function logTable(logs) {
  if (!logs.length) return h("p", { class: "empty" }, "No log lines.");
  return h(
    "table",
    { "aria-label": "Logs" },
    h("thead", {}, h("tr", {}, ["Time", "Level", "Message", "Links"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      logs.map((l) => {
        const session = l.attributes["highlight.session_id"];
        // The SDK attaches the logging call's own stack to every record: noise here.
        const attributes = Object.fromEntries(Object.entries(l.attributes).filter(([key]) => key !== "exception.stacktrace"));
        return h(
          "tr",
          { "data-log": String(l.body) },
          h("td", {}, time(l.timeMs)),
          h("td", {}, h("span", { class: l.severity === "error" || l.severity === "fatal" ? "badge error" : "badge" }, l.severity ?? "")),
          h("td", {}, String(l.body), h("details", {}, h("summary", {}, "attributes"), h("pre", {}, JSON.stringify(attributes, null, 2)))),
          h(
            "td",
            {},
            l.traceId ? h("a", { href: `#/traces/${l.traceId}` }, "trace") : "",
            " ",
            session ? h("a", { href: `#/sessions/${session}` }, "session") : "",
          ),
        );
      }),
    ),
  );
}

async function logsPage(params) {
  const query = new URLSearchParams();
  for (const key of ["level", "q", "traceId", "sessionId", "page"]) if (params.get(key)) query.set(key, params.get(key));
  query.set("limit", "100");
  const data = await api(`/api/logs?${query}`);
  const field = (name, label, attrs = {}) => h("label", {}, label, h("input", { name, value: params.get(name) ?? "", ...attrs }));
  const form = h(
    "form",
    {
      class: "filters",
      role: "search",
      onsubmit: (e) => {
        e.preventDefault();
        const next = new URLSearchParams();
        for (const [key, value] of new FormData(e.target)) if (value) next.set(key, String(value));
        location.hash = `#/logs?${next}`;
      },
    },
    h("label", {}, "Level", h("select", { name: "level" }, ["", "trace", "debug", "info", "warn", "error", "fatal"].map((l) => h("option", { value: l, selected: (params.get("level") ?? "") === l }, l || "any")))),
    field("q", "Text"),
    field("traceId", "Trace id"),
    field("sessionId", "Session id"),
    h("button", { type: "submit" }, "Filter"),
  );
  const link = (p) => {
    const next = new URLSearchParams(query);
    next.delete("limit");
    next.set("page", String(p));
    return `#/logs?${next}`;
  };
  render(h("h1", {}, "Logs"), form, logTable(data.logs), pager(data, link));
}

// ── Routing ──────────────────────────────────────────────────────────────────
async function route() {
  const [path, search = ""] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(search);
  try {
    let match;
    if ((match = /^\/sessions\/([\w-]+)$/.exec(path))) await sessionPage(match[1]);
    else if ((match = /^\/traces\/([0-9a-f]{32})$/.exec(path))) await tracePage(match[1]);
    else if (path === "/logs") await logsPage(params);
    else await sessionsPage(params);
  } catch (error) {
    render(h("h1", {}, "Something went wrong"), h("p", { role: "alert" }, String(error.message ?? error)));
  }
}

document.getElementById("clear").addEventListener("click", async () => {
  if (!confirm("Delete all stored telemetry?")) return;
  await fetch("/api/reset", { method: "POST", headers: authorized });
  location.hash = "#/sessions";
  route();
});
window.addEventListener("hashchange", route);
route();
