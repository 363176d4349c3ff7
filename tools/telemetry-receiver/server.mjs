#!/usr/bin/env node
// @ts-check
// Starts the local telemetry receiver and inspector: `npm run telemetry` (also part of `npm run dev`).
//   TELEMETRY_PORT          port (default 4318, Highlight's OTLP port)
//   TELEMETRY_HOST          interface (default localhost: never reachable from other machines)
//   TELEMETRY_DIR           where received data is kept as NDJSON (default .telemetry/)
//   TELEMETRY_MAX_AGE_HOURS records older than this are dropped (default 24)
//   TELEMETRY_MAX_MB        size cap of the stored data (default 200)
//   TELEMETRY_SOURCEMAPS    private browser source maps used to resolve stack frames (default .next/sourcemaps)
//   TELEMETRY_ALLOWED_ORIGINS  app origins whose pages may send browser telemetry (default http://localhost:3000,http://127.0.0.1:3000)
//   TELEMETRY_TOKEN         token of the read API (default: random per start; the inspector page carries it)
import path from "node:path";
import { createReceiver } from "./receiver.mjs";

const port = Number(process.env.TELEMETRY_PORT ?? 4318);
const host = process.env.TELEMETRY_HOST ?? "localhost";
const dir = path.resolve(process.env.TELEMETRY_DIR ?? ".telemetry");
const sourceMapDir = path.resolve(process.env.TELEMETRY_SOURCEMAPS ?? ".next/sourcemaps");
const receiver = createReceiver({
  port,
  host,
  dir,
  sourceMapDir,
  retention: {
    maxAgeMs: Number(process.env.TELEMETRY_MAX_AGE_HOURS ?? 24) * 3600_000,
    maxBytes: Number(process.env.TELEMETRY_MAX_MB ?? 200) * 2 ** 20,
  },
  log: (line) => console.log(line),
  token: process.env.TELEMETRY_TOKEN || undefined,
  allowedOrigins: (process.env.TELEMETRY_ALLOWED_ORIGINS ?? "http://localhost:3000,http://127.0.0.1:3000")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean),
});

try {
  await receiver.listen();
  console.log(`telemetry receiver on http://localhost:${port} (GraphQL /public, OTLP /v1/*), data in ${dir}`);
  console.log(`inspector: http://localhost:${port}/inspector/ (sessions, replays, traces, logs)`);
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  console.error(code === "EADDRINUSE" ? `telemetry receiver: port ${port} is in use (set TELEMETRY_PORT)` : error);
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => receiver.close().then(() => process.exit(0)));
