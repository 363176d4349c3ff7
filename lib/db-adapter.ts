import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";

/** How long one database operation may wait for a lock another connection holds before it fails as "busy". */
export const DATABASE_BUSY_BUDGET_MS = 2_000;

/**
 * The Prisma driver adapter for a DATABASE_URL, shared by the app (lib/db.ts) and the seed.
 * A local SQLite file goes through better-sqlite3; a remote libSQL database (libsql://, https://,
 * e.g. Turso) through the libSQL client. Not libSQL for local files: its native binding (libsql
 * 0.5.29) leaks about 1 KB of memory per query, which the soak test caught (README, "What telemetry costs").
 *
 * better-sqlite3 is synchronous: with SQLite's own busy timeout (5 s by default) a lock held by
 * another process would freeze the whole server while it waits. So SQLite is told not to wait
 * (timeout 0) and the wait happens here, between event-loop turns (`waitWhileBusy`).
 */
export function createAdapter(url: string, authToken?: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = url.startsWith("file:") ? new PrismaBetterSqlite3({ url, timeout: 0 }) : new PrismaLibSql({ url, authToken });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patient(await factory.connect()),
    connectToShadowDb: async () => patient(await factory.connectToShadowDb()),
  };
}

/** Prisma's driver adapters report a lock they could not get (SQLITE_BUSY) as this kind. */
function isBusyError(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: unknown } } | null)?.cause;
  return (error as Error | null)?.name === "DriverAdapterError" && cause?.kind === "SocketTimeout";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation`, retrying it with backoff while the database is busy, for at most DATABASE_BUSY_BUDGET_MS; then the busy error stands. */
async function waitWhileBusy<T>(operation: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + DATABASE_BUSY_BUDGET_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await operation();
    } catch (error) {
      if (!isBusyError(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

/**
 * The adapter with every statement (in a transaction too: a statement that found the database
 * locked did not run, and SQLite allows retrying it) waiting asynchronously while busy. COMMIT
 * reaches the driver as a statement, so it is covered as well.
 */
function patient<Q extends SqlQueryable>(target: Q): Q {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(object); // the adapters keep #private state
      if (key === "queryRaw" || key === "executeRaw") return (...args: unknown[]) => waitWhileBusy(() => method(...args) as Promise<unknown>);
      if (key === "startTransaction") return async (...args: unknown[]) => patient(await (method(...args) as ReturnType<SqlDriverAdapter["startTransaction"]>));
      return method;
    },
  });
}
