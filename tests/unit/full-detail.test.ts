/**
 * HIGHLIGHT_AUTO_INSTRUMENT=true (detail "full"): the pipeline's provider becomes the global one, so
 * Next.js's and Prisma's own spans are recorded, and the app's spans nest under whatever they have open.
 */
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { createPipeline, registerGlobally, setTelemetry } from "@/lib/observability/server/pipeline";
import { endRequestSpan, runRequest, withSpan } from "@/lib/observability/server/tracing";
import { testSettings } from "@/tests/support/pipeline";

const exporter = new InMemorySpanExporter();
afterAll(() => {
  setTelemetry(undefined);
  trace.disable();
  context.disable();
});

describe("full detail", () => {
  it("records spans made through the global API, with the app's request span nested inside them", async () => {
    const pipeline = createPipeline(testSettings({ detail: "full" }), { spans: exporter });
    await registerGlobally(pipeline);
    setTelemetry(pipeline);
    // What Next.js does for each request once a global provider exists.
    const next = trace.getTracer("next.js");
    // eslint-disable-next-line observability/span-names -- Next.js's own request span, named as Next names it
    await next.startActiveSpan("GET /dashboard", async (outer) => {
      await runRequest({ name: "render_dashboard", header: () => null }, async (span) => {
        await withSpan("load_dashboard", {}, async () => 1);
        endRequestSpan(span, { ok: true });
      });
      outer.end();
    });
    await pipeline.flush();
    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    expect(byName("render_dashboard").parentSpanContext?.spanId).toBe(byName("GET /dashboard").spanContext().spanId);
    expect(byName("load_dashboard").parentSpanContext?.spanId).toBe(byName("render_dashboard").spanContext().spanId);
    expect(globalThis).toHaveProperty("PRISMA_INSTRUMENTATION"); // Prisma's tracing helper is installed
  });
});
