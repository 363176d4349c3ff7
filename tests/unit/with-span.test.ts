import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runWithRequestContext } from "@/lib/observability/context";
import { withSpan } from "@/lib/observability/tracing";

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
});
afterEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const byName = (name: string) => spans().find((span) => span.name === name)!;

describe("withSpan", () => {
  it("returns a sync result, with attributes and status OK", () => {
    expect(withSpan("add_numbers", { "calc.a": 1 }, () => 1 + 1)).toBe(2);
    expect(byName("add_numbers").attributes).toMatchObject({ "calc.a": 1 });
    expect(byName("add_numbers").status.code).toBe(SpanStatusCode.OK);
  });

  it("nests async spans under the active one and carries the request's session id", async () => {
    await runWithRequestContext({ sessionId: "sess1", requestId: "req1" }, () =>
      withSpan("run_outer", {}, async () => {
        await withSpan("run_inner", {}, async () => new Promise((resolve) => setTimeout(resolve, 5)));
      }),
    );
    const outer = byName("run_outer");
    const inner = byName("run_inner");
    expect(inner.parentSpanId).toBe(outer.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(inner.attributes).toMatchObject({ "highlight.session_id": "sess1", "request.id": "req1" });
  });

  it("marks ERROR, records the exception and rethrows, for sync and async failures", async () => {
    expect(() => withSpan("sync_fail", {}, () => {
      throw new Error("boom");
    })).toThrow("boom");
    await expect(withSpan("async_fail", {}, async () => Promise.reject(new Error("later")))).rejects.toThrow("later");
    for (const name of ["sync_fail", "async_fail"]) {
      const span = byName(name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.events.some((event) => event.name === "exception")).toBe(true);
    }
    expect(spans().every((span) => span.ended)).toBe(true);
  });
});
