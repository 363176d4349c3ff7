/**
 * `npm run bench:decompose`: where the server telemetry's time goes, per operation, in µs.
 *
 * The real pipeline (lib/observability/server) in one process, pinned to one CPU, with exporters
 * that accept everything at once (so the network is not measured) plus, separately, the real OTLP
 * JSON serialisation and gzip that an export does per span and per log record. Each figure is the
 * median of 7 runs of 20,000 operations after a warm-up, minus the same loop with telemetry off.
 * Run with `--import=./tests/support/server-modules.mjs` (the npm script does).
 */
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { ExportResultCode } from "@opentelemetry/core";
import { JsonLogsSerializer, JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { logger } from "@/lib/observability/server/logger";
import { GZIP_LEVEL } from "@/lib/observability/server/otlp-http-exporter";
import { encodeLogs, encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { createPipeline, setTelemetry, type PipelineSettings } from "@/lib/observability/server/pipeline";
import { runRequest, withDbSpan, withSpan } from "@/lib/observability/server/tracing";

try {
  execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
} catch {
  console.warn("bench: taskset unavailable; not pinned to one CPU");
}

const N = 20_000;
const RUNS = 7;
const spans: ReadableSpan[] = [];
const logs: ReadableLogRecord[] = [];
const keep = <T>(into: T[]) => ({
  export: (items: T[], done: (r: { code: ExportResultCode }) => void) => {
    if (into.length < 2000) into.push(...items.slice(0, 2000 - into.length));
    done({ code: ExportResultCode.SUCCESS });
  },
  forceFlush: async () => {},
  shutdown: async () => {},
});
const settings = (sampleRate: number): PipelineSettings => ({
  projectId: "bench",
  serviceName: "web-api",
  serviceVersion: "bench",
  environment: "production",
  otlpEndpoint: "http://127.0.0.1:9",
  sampleRate,
  detail: "standard",
  queueLimit: 100_000,
  exportIntervalMs: 60_000,
});
const on = createPipeline(settings(1), { spans: keep(spans), logs: keep(logs) });
const unsampled = createPipeline(settings(0), { spans: keep(spans), logs: keep(logs) });

const header = (name: string) =>
  name === "x-highlight-request" ? "benchSession0001/benchRequest0001" : name === "traceparent" ? "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" : null;
const db = () => Promise.resolve(1);

/** µs per iteration of `op`: the median of RUNS runs. */
async function time(op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2000; i++) await op(); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await op();
    runs.push(Number(process.hrtime.bigint() - start) / 1000 / N);
    await on.flush();
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(RUNS / 2)]!;
}

const ops = {
  "request scope (session, request id, sampling decision)": () => runRequest({ name: "GET /x", header }, async () => 1),
  "request span (continues traceparent)": () => runRequest({ name: "GET /x", header }, async () => 1),
  "child span (withSpan)": () => runRequest({ name: "GET /x", header }, () => withSpan("do_work", {}, async () => 1)),
  "database operation span (withDbSpan)": () => runRequest({ name: "GET /x", header }, () => withDbSpan("findUnique", "User", "postgresql", db)),
  "log record (logger.info, shipped)": () =>
    runRequest({ name: "GET /x", header }, async () => {
      logger.info("something happened", { projectId: "p1" });
    }),
};

type Row = { what: string; us: number };
const rows: Row[] = [];
/** µs that `op` costs with telemetry on (pipeline) over the same `op` with telemetry off. */
async function added(op: () => Promise<unknown>, pipeline = on): Promise<number> {
  setTelemetry(undefined);
  const off = await time(op);
  setTelemetry(pipeline);
  return (await time(op)) - off;
}

rows.push({ what: "request scope, unsampled session", us: await added(ops["request scope (session, request id, sampling decision)"], unsampled) });
const request = await added(ops["request span (continues traceparent)"]);
rows.push({ what: "request span, sampled (incl. scope)", us: request });
// The rest run inside a sampled request: its own cost is taken off.
rows.push({ what: "child span (withSpan)", us: (await added(ops["child span (withSpan)"])) - request });
rows.push({ what: "database operation span (withDbSpan)", us: (await added(ops["database operation span (withDbSpan)"])) - request });
rows.push({ what: "log record shipped (logger.info; console output excluded)", us: (await added(ops["log record (logger.info, shipped)"])) - request });

// Export: the exporter's OTLP/protobuf writing and gzip at its level, per span and per log record, over 1,000-item batches.
await on.flush();
const perItem = (serialize: () => Uint8Array, count: number, gzipped = true) => {
  const encode = () => (gzipped ? gzipSync(serialize(), { level: GZIP_LEVEL }) : serialize());
  // 50 batches to warm up: a writer in JavaScript (ours) runs unoptimised for the first few, JSON.stringify never does.
  for (let i = 0; i < 50; i++) encode();
  const start = process.hrtime.bigint();
  for (let i = 0; i < 30; i++) encode();
  return Number(process.hrtime.bigint() - start) / 1000 / 30 / count;
};
const spanBatch = spans.slice(0, 1000);
const logBatch = logs.slice(0, 1000);
rows.push({ what: "export per span (OTLP/protobuf + gzip)", us: perItem(() => encodeTraces(spanBatch), spanBatch.length) });
rows.push({ what: "export per log record (OTLP/protobuf + gzip)", us: perItem(() => encodeLogs(logBatch), logBatch.length) });
// OTEL_EXPORTER_OTLP_COMPRESSION=none (a collector on the same host): serialisation only. Not in the per-route sums.
rows.push({ what: "uncompressed: export per span (OTLP/protobuf only)", us: perItem(() => encodeTraces(spanBatch), spanBatch.length, false) });
rows.push({ what: "uncompressed: export per log record (OTLP/protobuf only)", us: perItem(() => encodeLogs(logBatch), logBatch.length, false) });
// For comparison, what the exporter used before: OpenTelemetry's OTLP/JSON serializer. Not in the per-route sums.
rows.push({ what: "reference: export per span (OpenTelemetry's OTLP/JSON + gzip)", us: perItem(() => JsonTraceSerializer.serializeRequest(spanBatch)!, spanBatch.length) });
rows.push({ what: "reference: export per log record (OpenTelemetry's OTLP/JSON + gzip)", us: perItem(() => JsonLogsSerializer.serializeRequest(logBatch)!, logBatch.length) });

const us = (what: string) => rows.find((r) => r.what.startsWith(what))!.us;
const estimate = (name: string, counts: { spans: number; db: number; logs: number }) => {
  const total =
    us("request span") + counts.spans * us("child span") + counts.db * us("database operation span") + counts.logs * us("log record shipped") +
    (1 + counts.spans + counts.db) * us("export per span") + counts.logs * us("export per log");
  return `| ${name} | 1 + ${counts.spans} app + ${counts.db} database | ${counts.logs} | ${total.toFixed(0)} |`;
};

console.log(`Decomposition, Node ${process.version}, ${N} operations × ${RUNS} runs (median), µs per operation, telemetry on − off:\n`);
console.log("| operation | µs |\n| --- | --- |");
for (const row of rows) console.log(`| ${row.what} | ${row.us.toFixed(1)} |`);
console.log("\nWhat that adds up to per request (span and log counts as exported by the app; Next's and Prisma's own spans are off):\n");
console.log("| route | spans | logs | µs added |\n| --- | --- | --- | --- |");
console.log(estimate("GET /api/health", { spans: 0, db: 1, logs: 0 }));
console.log(estimate("GET /dashboard", { spans: 1, db: 3, logs: 1 }));
console.log(estimate("POST /api/subscriptions", { spans: 4, db: 9, logs: 1 }));
console.log(estimate("server action create_project", { spans: 0, db: 3, logs: 1 }));
process.exit(0);
