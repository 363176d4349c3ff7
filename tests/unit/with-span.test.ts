import { SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { runInScope } from "@/lib/observability/server/context";
import { withSpan } from "@/lib/observability/server/tracing";
import { inMemoryTelemetry } from "@/tests/support/pipeline";

const telemetry = inMemoryTelemetry();
const spans = telemetry.finished;
const byName = async (name: string) => (await spans()).find((span) => span.name === name)!;

describe("withSpan", () => {
  it("returns a sync result, with attributes and status OK", async () => {
    expect(withSpan("add_numbers", { "calc.a": 1 }, () => 1 + 1)).toBe(2);
    expect((await byName("add_numbers")).attributes).toMatchObject({ "calc.a": 1 });
    expect((await byName("add_numbers")).status.code).toBe(SpanStatusCode.OK);
  });

  it("nests async spans under the active one and carries the request's session id", async () => {
    await runInScope({ sessionId: "sess1", requestId: "req1", sampled: true }, () =>
      withSpan("run_outer", {}, async () => {
        await withSpan("run_inner", {}, async () => new Promise((resolve) => setTimeout(resolve, 5)));
      }),
    );
    const outer = await byName("run_outer");
    const inner = await byName("run_inner");
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    // The request ids go on the scope's first span; children share its trace and carry only the session.
    expect(outer.attributes).toMatchObject({ "highlight.session_id": "sess1", "highlight.trace_id": "req1", "request.id": "req1" });
    expect(inner.attributes["highlight.session_id"]).toBe("sess1");
    expect(inner.attributes).not.toHaveProperty("request.id");
    expect(inner.attributes).not.toHaveProperty("highlight.trace_id");
  });

  it("marks ERROR, records the exception and rethrows, for sync and async failures", async () => {
    expect(() =>
      withSpan("sync_fail", {}, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    await expect(withSpan("async_fail", {}, async () => Promise.reject(new Error("later")))).rejects.toThrow("later");
    for (const name of ["sync_fail", "async_fail"]) {
      const span = await byName(name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.events.some((event) => event.name === "exception")).toBe(true);
    }
    expect((await spans()).every((span) => span.ended)).toBe(true);
  });

  it("in an unsampled request, runs the work and records nothing", async () => {
    const result = await runInScope({ sessionId: "sess2", requestId: "req2", sampled: false }, () =>
      withSpan("skip_me", {}, async (span) => (span.isRecording() ? "recorded" : "not recorded")),
    );
    expect(result).toBe("not recorded");
    expect(await spans()).toEqual([]);
  });
});
