import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the local SQLite driver under statement churn", () => {
  it("does not abort when V8 collects statements in the background", async () => {
    const { stdout } = await run(process.execPath, ["tests/support/sqlite-churn.mjs"], { timeout: 60_000 });
    const result = JSON.parse(stdout.trim()) as { rounds: number };
    expect(result.rounds).toBe(40); // 800,000 statements, and the process lived to say so
  }, 70_000);
});
