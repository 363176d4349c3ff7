/**
 * Child-process probe for tests/integration/telemetry-limits.test.ts: starts the real server
 * observability against a dead endpoint, produces far more spans and logs than the queue
 * limit, and reports queue sizes, drops and memory as JSON. A separate process, because the
 * Highlight SDK registers process-wide OpenTelemetry providers.
 */
import { logger } from "@/lib/observability/logger";
import { droppedTelemetry, queuedTelemetry, TELEMETRY_QUEUE_LIMIT } from "@/lib/observability/limits";
import { startServerObservability } from "@/lib/observability/server-init";
import { withSpan } from "@/lib/observability/tracing";

const COUNT = Number(process.argv[2] ?? 20_000);

await startServerObservability();
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < COUNT; i++) {
  withSpan("probe_work", { "probe.index": i }, () => logger.info("probe log", { index: i }));
  if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(
  JSON.stringify({
    limit: TELEMETRY_QUEUE_LIMIT,
    queued: queuedTelemetry(),
    dropped: droppedTelemetry(),
    rssGrowthMB: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
  }),
);
process.exit(0);
