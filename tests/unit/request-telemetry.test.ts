/**
 * The server side of the chain, on real wrappers with in-memory exporters: a sampled session
 * keeps its request span, child spans and logs, all tied together; a sampled-out session sends
 * nothing but its errors, still with its session id; logs carry no per-record stack trace.
 */
import { InMemoryLogRecordExporter } from "@opentelemetry/sdk-logs";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSessionSampled } from "@/lib/observability/shared/sampling";
import { logger } from "@/lib/observability/server/logger";
import { createPipeline, setTelemetry, type Pipeline } from "@/lib/observability/server/pipeline";
import { withHighlight } from "@/lib/observability/server/route";
import { withSpan } from "@/lib/observability/server/tracing";
import { testSettings } from "@/tests/support/pipeline";

const RATE = 0.5;
const spans = new InMemorySpanExporter();
const logs = new InMemoryLogRecordExporter();
let pipeline: Pipeline;

/** Session ids the browser would make, one on each side of the sampling line. */
const sampledSession = Array.from({ length: 100 }, (_, i) => `sampledsess${i}`).find((id) => isSessionSampled(id, RATE))!;
const unsampledSession = Array.from({ length: 100 }, (_, i) => `othersess${i}`).find((id) => !isSessionSampled(id, RATE))!;

const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const request = (path: string, sessionId: string) =>
  new NextRequest(`http://localhost${path}`, { headers: { "x-highlight-request": `${sessionId}/browserreq1`, traceparent } });

const handler = withHighlight(async (req: NextRequest) => {
  await withSpan("do_work", {}, async () => logger.info("work done", { path: req.nextUrl.pathname, query: { page: 2 } }));
  if (req.nextUrl.pathname === "/boom") throw new Error("kaboom");
  return Response.json({ ok: true });
});

beforeAll(() => {
  pipeline = createPipeline(testSettings({ sampleRate: RATE }), { spans, logs });
  setTelemetry(pipeline);
});
afterAll(() => setTelemetry(undefined));
beforeEach(() => {
  spans.reset();
  logs.reset();
});

const exported = async () => {
  await pipeline.flush();
  return { spans: spans.getFinishedSpans(), logs: logs.getFinishedLogRecords() };
};

describe("a sampled session", () => {
  it("keeps every link: request span continuing the browser trace, child span, log with the same ids", async () => {
    const response = await handler(request("/ok", sampledSession), undefined);
    expect(response.headers.get("x-request-id")).toBe("browserreq1");
    const { spans: made, logs: lines } = await exported();
    const root = made.find((s) => s.name === "GET /ok")!;
    const child = made.find((s) => s.name === "do_work")!;
    expect(root.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(root.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(child.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    for (const span of [root, child]) expect(span.attributes["highlight.session_id"]).toBe(sampledSession);
    const line = lines.find((l) => l.body === "work done")!;
    expect(line.spanContext?.spanId).toBe(child.spanContext().spanId);
    // The record's own fields as attributes (objects as JSON), the correlation ids, and not winston's own keys.
    expect(line.attributes).toEqual({ path: "/ok", query: '{"page":2}', "highlight.session_id": sampledSession, "highlight.trace_id": "browserreq1", "request.id": "browserreq1" });
    expect(Object.keys(line.attributes).some((key) => key.includes("stack"))).toBe(false);
  });
});

describe("a sampled-out session", () => {
  it("sends no spans and no info logs", async () => {
    const response = await handler(request("/ok", unsampledSession), undefined);
    expect(response.status).toBe(200);
    const { spans: made, logs: lines } = await exported();
    expect(made).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("still reports an error, with its session id", async () => {
    const response = await handler(request("/boom", unsampledSession), undefined);
    expect(response.status).toBe(500);
    const { spans: made, logs: lines } = await exported();
    expect(made).toHaveLength(1);
    const [error] = made;
    expect(error!.attributes["highlight.session_id"]).toBe(unsampledSession);
    expect(error!.events.find((e) => e.name === "exception")?.attributes?.["exception.message"]).toBe("kaboom");
    expect(error!.status.code).toBe(2);
    expect(lines.map((l) => [l.severityText, l.body])).toEqual([["error", "unhandled error in route handler"]]);
    expect(lines[0]!.attributes["highlight.session_id"]).toBe(unsampledSession);
  });
});
