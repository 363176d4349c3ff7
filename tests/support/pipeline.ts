import { InMemoryLogRecordExporter } from "@opentelemetry/sdk-logs";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createPipeline, setTelemetry, type Pipeline, type PipelineSettings } from "@/lib/observability/server/pipeline";

/** Pipeline settings for tests that pass their own exporters. */
export const testSettings = (overrides: Partial<PipelineSettings> = {}): PipelineSettings => ({
  projectId: "test",
  serviceName: "web-api",
  serviceVersion: "test",
  environment: "test",
  otlpEndpoint: "http://127.0.0.1:9",
  sampleRate: 1,
  detail: "standard",
  queueLimit: 2048,
  exportIntervalMs: 60_000,
  ...overrides,
});

/**
 * The app's telemetry, for one test file, going to in-memory exporters (spans and logs: a log sent
 * to a closed port would hold every flush in the OTLP exporter's retries): installed before the
 * tests, cleared after each, removed at the end. `finished()` flushes and returns the spans so far.
 */
export function inMemoryTelemetry(overrides: Partial<PipelineSettings> = {}) {
  const exporter = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const handle = { exporter, logs, pipeline: undefined as unknown as Pipeline, finished: async () => [] as ReadableSpan[] };
  handle.finished = async () => {
    await handle.pipeline.flush();
    return exporter.getFinishedSpans();
  };
  beforeAll(() => {
    handle.pipeline = createPipeline(testSettings(overrides), { spans: exporter, logs });
    setTelemetry(handle.pipeline);
  });
  afterAll(() => setTelemetry(undefined));
  afterEach(() => {
    exporter.reset();
    logs.reset();
  });
  return handle;
}
