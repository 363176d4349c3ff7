/**
 * Another process holding the SQLite database locked (a migration, a backup, a long write):
 * the server keeps serving, database requests wait without blocking the event loop, and those
 * that cannot get the database in time answer 503 with Retry-After. The lock holder here is a
 * second connection, as an outside process would be (SQLite locks per connection and file).
 */
import Database from "better-sqlite3";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import * as login from "@/app/api/auth/login/route";
import * as plans from "@/app/api/plans/route";
import { DATABASE_BUSY_BUDGET_MS } from "@/lib/db-adapter";
import { INTEGRATION } from "@/tests/support/integration-env";
import { RouteClient } from "@/tests/support/route-client";

const outside = new Database(INTEGRATION.databaseUrl.slice("file:".length));
const lock = () => outside.exec("BEGIN EXCLUSIVE");
const unlock = () => outside.inTransaction && outside.exec("ROLLBACK");
afterEach(unlock);

/** The longest the event loop was blocked (ms) while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number; elapsedMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const start = performance.now();
  const result = await work();
  const elapsedMs = performance.now() - start;
  histogram.disable();
  return { result, stallMs: histogram.max / 1e6, elapsedMs };
}

describe("a database locked by another process", () => {
  it("answers 503 with Retry-After within the wait budget, and never blocks the event loop", async () => {
    const client = new RouteClient();
    expect((await client.call(plans.GET, "/api/plans")).status).toBe(200);
    lock();
    const { result, stallMs, elapsedMs } = await longestStall(() =>
      Promise.all([
        client.call(plans.GET, "/api/plans"),
        client.call(login.POST, "/api/auth/login", { body: { email: "demo@example.com", password: "demo1234" } }),
      ]),
    );
    for (const response of result) {
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(result[0].json.error).toMatch(/busy/i);
    expect(elapsedMs).toBeGreaterThanOrEqual(DATABASE_BUSY_BUDGET_MS - 50); // it waited for the lock…
    expect(elapsedMs).toBeLessThan(DATABASE_BUSY_BUDGET_MS + 3_000); // …for a bounded time
    // A synchronous busy wait (SQLite's own 5 s timeout) would stall it for seconds.
    expect(stallMs).toBeLessThan(500);
  }, 20_000);

  it("serves the request once the lock is released within the budget", async () => {
    const client = new RouteClient();
    lock();
    setTimeout(unlock, 300);
    const { result, stallMs } = await longestStall(() => client.call(plans.GET, "/api/plans"));
    expect(result.status).toBe(200);
    expect((result.json.plans as unknown[]).length).toBeGreaterThan(0);
    expect(stallMs).toBeLessThan(500);
  });
});
