/**
 * Child-process probe for tests/integration/telemetry-limits.test.ts: starts the real server
 * observability against a dead endpoint, produces far more spans and logs than the queue
 * limit, and reports queue sizes, drops and memory as JSON. A separate process, so the
 * pipeline it starts is the only one. Run with `--import=./tests/support/server-modules.mjs`.
 */
import { logger } from "@/lib/observability/server/logger";
import { TELEMETRY_QUEUE_LIMIT } from "@/lib/observability/server/config";
import { telemetry } from "@/lib/observability/server/pipeline";
import { startServerObservability } from "@/lib/observability/server/start";
import { withSpan } from "@/lib/observability/server/tracing";

const COUNT = Number(process.argv[2] ?? 20_000);

await startServerObservability();
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < COUNT; i++) {
  withSpan("probe_work", { "probe.index": i }, () => logger.info("probe log", { index: i }));
  if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setTimeout(resolve, 200));
const stats = telemetry()!.stats();
console.log(
  JSON.stringify({
    limit: TELEMETRY_QUEUE_LIMIT,
    queued: { spans: stats.spans.queued, logs: stats.logs.queued },
    dropped: { spans: stats.spans.dropped, logs: stats.logs.dropped },
    rssGrowthMB: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
  }),
);
process.exit(0);
