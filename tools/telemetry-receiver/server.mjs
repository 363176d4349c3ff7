#!/usr/bin/env node
// @ts-check
// Starts the local telemetry receiver: `npm run telemetry` (also part of `npm run dev`).
//   TELEMETRY_PORT  port to listen on (default 4318, Highlight's OTLP port)
//   TELEMETRY_DIR   where received data is kept as NDJSON (default .telemetry/)
//   TELEMETRY_SOURCEMAPS  private browser source maps used to resolve stack frames (default .next/sourcemaps)
import path from "node:path";
import { createReceiver } from "./receiver.mjs";

const port = Number(process.env.TELEMETRY_PORT ?? 4318);
const dir = path.resolve(process.env.TELEMETRY_DIR ?? ".telemetry");
const sourceMapDir = path.resolve(process.env.TELEMETRY_SOURCEMAPS ?? ".next/sourcemaps");
const receiver = createReceiver({ port, dir, sourceMapDir, log: (line) => console.log(line) });

try {
  await receiver.listen();
  console.log(`telemetry receiver on http://localhost:${port} (GraphQL /public, OTLP /v1/*, API /api/health), data in ${dir}`);
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  console.error(code === "EADDRINUSE" ? `telemetry receiver: port ${port} is in use (set TELEMETRY_PORT)` : error);
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => receiver.close().then(() => process.exit(0)));
