import type { PipelineSettings } from "@/lib/observability/server/pipeline";

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
