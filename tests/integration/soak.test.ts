import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);

describe("soak", () => {
  it(`${SECONDS} s of mixed API load with telemetry on: heap and RSS stay flat`, async () => {
    const { stdout } = await run("node_modules/.bin/tsx", ["--import=./tests/support/server-modules.mjs", "tests/support/soak.ts"], {
      // The allocator setting `npm start` uses: without it glibc's per-thread arenas (zlib and SQLite work
      // on the thread pool) fragment, and RSS creeps up although the heap stays flat.
      env: { ...process.env, SOAK_SECONDS: String(SECONDS), NODE_ENV: "test", MALLOC_ARENA_MAX: "2" },
      timeout: (SECONDS + 60) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const { iterations, samples } = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      iterations: number;
      samples: { heapMB: number; rssMB: number }[];
    };
    expect(iterations).toBeGreaterThan(SECONDS * 5); // it really ran under load (8 requests per iteration)
    // Compare the end with the state after warm-up (the first tenth), so JIT and caches don't count as growth.
    const warm = samples[1] ?? samples[0]!;
    const end = samples.at(-1)!;
    console.log(`soak: ${iterations} iterations; heap ${warm.heapMB.toFixed(1)} → ${end.heapMB.toFixed(1)} MB; rss ${warm.rssMB.toFixed(1)} → ${end.rssMB.toFixed(1)} MB`);
    expect(end.heapMB - warm.heapMB).toBeLessThan(25);
    expect(end.rssMB - warm.rssMB).toBeLessThan(80);
  }, (SECONDS + 90) * 1000);
});
