import { describe, expect, it } from "vitest";
import { anchorFrom, anchorMetadata, continueFrom } from "@/lib/observability/server/anchor";
import { createPipeline, setTelemetry } from "@/lib/observability/server/pipeline";
import { runRequest, withSpan } from "@/lib/observability/server/tracing";
import { inMemoryTelemetry, testSettings } from "@/tests/support/pipeline";

const telemetry = inMemoryTelemetry();

const headers = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()];

describe("anchors across a hand-off", () => {
  it("a request's anchor, carried in metadata, is continued by a later request with no session", async () => {
    let metadata: Record<string, string> = {};
    let handingOff = { traceId: "", spanId: "" };
    runRequest({ name: "POST /api/billing/checkout", header: headers({ "x-highlight-request": "sessABC/req1" }) }, (span) =>
      withSpan("start_checkout", {}, (inner) => {
        metadata = anchorMetadata();
        const { traceId, spanId } = inner.spanContext();
        handingOff = { traceId, spanId };
        span.end();
        inner.end();
      }),
    );
    expect(metadata).toEqual({ highlight_session_id: "sessABC", traceparent: `00-${handingOff.traceId}-${handingOff.spanId}-01` });

    // The webhook: another request, no browser session of its own.
    runRequest({ name: "POST /api/stripe/webhook", header: headers({}) }, (span) => {
      continueFrom({ ...metadata, teamId: "t1" });
      withSpan("apply_stripe_event", {}, () => undefined);
      span.end();
    });
    const spans = await telemetry.finished();
    const webhook = spans.find((s) => s.name === "POST /api/stripe/webhook")!;
    const applied = spans.find((s) => s.name === "apply_stripe_event")!;
    expect(webhook.attributes["highlight.session_id"]).toBe("sessABC");
    expect(applied.attributes["highlight.session_id"]).toBe("sessABC");
    expect(webhook.links.map((link) => link.context)).toEqual([expect.objectContaining(handingOff)]);
    expect(webhook.spanContext().traceId).not.toBe(handingOff.traceId); // its own trace, linked, not adopted
  });

  it("ignores malformed metadata: no session, no link", async () => {
    expect(anchorFrom({ highlight_session_id: "bad id with spaces", traceparent: "00-xyz" })).toEqual({});
    expect(anchorFrom({ traceparent: `00-${"0".repeat(32)}-${"1".repeat(16)}-01` })).toEqual({});
    expect(anchorFrom(null)).toEqual({});
    runRequest({ name: "POST /hook", header: headers({}) }, (span) => {
      continueFrom({ highlight_session_id: "x".repeat(200), traceparent: "garbage" });
      span.end();
    });
    const hook = (await telemetry.finished()).find((s) => s.name === "POST /hook")!;
    expect(hook.attributes["highlight.session_id"]).toBeUndefined();
    expect(hook.links).toEqual([]);
  });

  it("an unsampled request hands on its session but no trace", () => {
    setTelemetry(createPipeline(testSettings({ sampleRate: 0 }), { spans: telemetry.exporter }));
    try {
      let metadata: Record<string, string> = {};
      runRequest({ name: "GET /", header: headers({ "x-highlight-request": "sessXYZ/req2" }) }, () => {
        metadata = anchorMetadata();
      });
      expect(metadata).toEqual({ highlight_session_id: "sessXYZ" });
    } finally {
      setTelemetry(telemetry.pipeline);
    }
  });
});
