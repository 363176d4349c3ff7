/**
 * `npm run bench:pipeline`: the instructions the server pipeline adds to one `create_project`-shaped
 * request (a request span, three database spans, one log record, and their share of an export),
 * counted by valgrind's callgrind in one process per variant, outside Next.js, so no other part of
 * the app moves the count. Needs valgrind.
 *
 * Each variant runs WARM requests (V8 tiers up and settles), then N counted ones between two calls
 * of `os.loadavg()`, at which callgrind dumps its counts (`--dump-before=uv_loadavg`): the second
 * dump holds the N requests alone, whatever start-up cost. Database calls are a `setImmediate`; the
 * export serialises and gzips each batch as the real exporter does and discards it (no network).
 * Variants: telemetry off; spans and log record made but the export discarded; the full pipeline.
 * Background threads (V8's concurrent GC and compiler) are counted too, and printed apart.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { logger } from "@/lib/observability/server/logger";
import { GZIP_LEVEL } from "@/lib/observability/server/otlp-http-exporter";
import { encodeLogs, encodeTraces } from "@/lib/observability/server/otlp-protobuf";
import { createPipeline, setTelemetry } from "@/lib/observability/server/pipeline";
import { runRequest, withDbSpan } from "@/lib/observability/server/tracing";

const WARM = 8000;
const N = 3000;
const VARIANTS = { off: "telemetry off", made: "spans and log made, export discarded", full: "full pipeline (OTLP/protobuf + gzip 1)" } as const;
type Variant = keyof typeof VARIANTS;

async function request(): Promise<void> {
  const header = (name: string) =>
    name === "x-highlight-request" ? "benchSession0001/benchRequest0001" : name === "traceparent" ? "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" : null;
  const db = () => new Promise((resolve) => setImmediate(resolve));
  await runRequest({ name: "create_project", header, attributes: { "next.action": "create_project" } }, async () => {
    await withDbSpan("findUnique", "Session", "postgresql", db);
    await withDbSpan("create", "Project", "postgresql", db);
    await withDbSpan("create", "Activity", "postgresql", db);
    logger.info("project created", { projectId: "p1" });
  });
}

/** One variant, under callgrind (the driver below starts it). */
async function runVariant(variant: Variant): Promise<void> {
  const sink = <T>(encode: (items: T[]) => Buffer) => ({
    export(items: T[], done: (result: ExportResult) => void) {
      if (variant === "full") gzipSync(encode(items), { level: GZIP_LEVEL });
      done({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  });
  const pipeline = createPipeline(
    { projectId: "bench", serviceName: "web-api", serviceVersion: "bench", environment: "production", otlpEndpoint: "http://127.0.0.1:9", sampleRate: 1, detail: "standard", queueLimit: 2048, exportIntervalMs: 60_000 },
    {
      spans: sink<ReadableSpan>(encodeTraces),
      logs: sink<ReadableLogRecord>(encodeLogs),
    },
  );
  setTelemetry(variant === "off" ? undefined : pipeline);
  // A live heap of a Next.js server's order, so collections cost what they would there.
  const live = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `x${i}`, a: [i] }));
  for (let i = 0; i < WARM; i++) await request();
  os.loadavg(); // callgrind dumps here…
  for (let i = 0; i < N; i++) await request();
  os.loadavg(); // …and here: the second dump is the N requests
  await pipeline.flush();
  if (live.length !== 300_000) throw new Error("unreachable");
}

const totals = (file: string) => {
  const text = readFileSync(file, "utf8");
  const total = Number(/^totals: (\d+)/m.exec(text)?.[1] ?? NaN);
  return total / N;
};

async function drive(): Promise<void> {
  const run = promisify(execFile);
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipeline-instructions-"));
  try {
    const counts = {} as Record<Variant, number>;
    // Two at a time: counts do not depend on the machine's load.
    const variants = Object.keys(VARIANTS) as Variant[];
    for (let i = 0; i < variants.length; i += 2) {
      await Promise.all(
        variants.slice(i, i + 2).map(async (variant) => {
          const out = path.join(dir, `${variant}.out`);
          await run(
            "valgrind",
            // This script as bench/compiled.mjs built it (no keepNames): the code as Next compiles it.
            ["--tool=callgrind", "--dump-before=uv_loadavg", `--callgrind-out-file=${out}`, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
            { env: { ...process.env, PIPELINE_VARIANT: variant, NODE_ENV: "test" }, maxBuffer: 64 * 2 ** 20 },
          );
          counts[variant] = totals(`${out}.2`);
          console.log(`bench: ${VARIANTS[variant]}: ${Math.round(counts[variant] / 1000)} k instructions per request`);
        }),
      );
    }
    const k = (n: number) => `${Math.round(n / 1000)} k`;
    console.log(`\nInstructions per create_project-shaped request, Node ${process.version}, ${N} requests after ${WARM}, all threads:\n`);
    console.log("| part | instructions |\n| --- | --- |");
    console.log(`| request without telemetry (scope, winston, promises) | ${k(counts.off)} |`);
    console.log(`| making 4 spans and 1 log record | ${k(counts.made - counts.off)} |`);
    console.log(`| their export (OTLP/protobuf, gzip level 1, batches of 512) | ${k(counts.full - counts.made)} |`);
    console.log(`| telemetry in all | ${k(counts.full - counts.off)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const variant = process.env.PIPELINE_VARIANT as Variant | undefined;
await (variant ? runVariant(variant) : drive());
process.exit(0);
