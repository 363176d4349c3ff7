/**
 * Another session holding a table locked (a migration, a long write): the server keeps serving,
 * and requests that cannot get the lock within the budget answer 503 with Retry-After instead of
 * hanging. PostgreSQL server only: the embedded database runs one transaction at a time, so there
 * a lock holder makes other statements queue (README, "Database").
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import * as login from "@/app/api/auth/login/route";
import * as plans from "@/app/api/plans/route";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapter, DATABASE_BUSY_BUDGET_MS } from "@/lib/db-adapter";
import { INTEGRATION } from "@/tests/support/integration-env";
import { RouteClient } from "@/tests/support/route-client";
import { lockTables, testEngine } from "@/tests/support/test-database.mjs";

let release: (() => Promise<void>) | undefined;
const lock = async (table: string) => {
  release = await lockTables(INTEGRATION.databaseUrl, table);
};
afterEach(async () => release?.());

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

describe.skipIf(testEngine !== "postgresql")("a table locked by another session", () => {
  it("answers 503 with Retry-After within the wait budget, and never blocks the event loop", async () => {
    const client = new RouteClient();
    expect((await client.call(plans.GET, "/api/plans")).status).toBe(200);
    await lock("Plan");
    const { result, stallMs, elapsedMs } = await longestStall(() => client.call(plans.GET, "/api/plans"));
    expect(result.status).toBe(503);
    expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(result.json.error).toMatch(/busy/i);
    expect(elapsedMs).toBeGreaterThanOrEqual(DATABASE_BUSY_BUDGET_MS - 50); // it waited for the lock…
    expect(elapsedMs).toBeLessThan(DATABASE_BUSY_BUDGET_MS + 3_000); // …for a bounded time
    expect(stallMs).toBeLessThan(500);
  }, 20_000);

  it("answers 503 inside a transaction too (sign-in reserves its attempt in one)", async () => {
    await lock("RateLimit");
    const response = await new RouteClient().call(login.POST, "/api/auth/login", { body: { email: "demo@example.com", password: "demo1234" } });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 20_000);

  it("serves the request once the lock is released within the budget", async () => {
    const client = new RouteClient();
    await lock("Plan");
    setTimeout(() => void release?.(), 300);
    const { result, stallMs } = await longestStall(() => client.call(plans.GET, "/api/plans"));
    expect(result.status).toBe(200);
    expect((result.json.plans as unknown[]).length).toBeGreaterThan(0);
    expect(stallMs).toBeLessThan(500);
  });

  it("sets the lock wait on every connection, except behind PgBouncer, which refuses startup options", async () => {
    const lockTimeout = async (url: string) => {
      const client = new PrismaClient({ adapter: createAdapter(url) });
      try {
        return ((await client.$queryRawUnsafe("show lock_timeout")) as { lock_timeout: string }[])[0]?.lock_timeout;
      } finally {
        await client.$disconnect();
      }
    };
    expect(await lockTimeout(INTEGRATION.databaseUrl)).toBe(`${DATABASE_BUSY_BUDGET_MS / 1000}s`);
    expect(await lockTimeout(`${INTEGRATION.databaseUrl}?pgbouncer=true`)).toBe("0"); // the server's default
  });
});
