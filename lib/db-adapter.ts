import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from "@prisma/driver-adapter-utils";
import type { PoolConfig } from "pg";
import { embeddedDataDir, openEmbeddedDatabase } from "./embedded-database";

/** How long one database operation may wait for a lock, or for a free connection, before it fails as "busy". */
export const DATABASE_BUSY_BUDGET_MS = 2_000;

/** Where a DATABASE_URL points: a PostgreSQL server, or the embedded database in a project folder. */
export const isEmbeddedUrl = (url: string) => url.startsWith("file:");

/**
 * The Prisma driver adapter for a DATABASE_URL, shared by the app (lib/db.ts), the seed and the
 * migrations: PostgreSQL's wire protocol through `pg` in every case. `postgres://…` is a server;
 * `file:<folder>` the embedded PostgreSQL of lib/embedded-database.ts, opened on first use.
 *
 * A statement that waits longer than DATABASE_BUSY_BUDGET_MS for a lock (lock_timeout) or for a
 * pooled connection fails as Prisma's P1008, which lib/http.ts answers with 503 and Retry-After.
 * Behind PgBouncer (`?pgbouncer=true`, Prisma's flag), which refuses startup options, lock_timeout
 * is left to the server's own setting.
 */
export function createAdapter(url: string, pool: PoolConfig = {}): SqlMigrationAwareDriverAdapterFactory {
  const behindPgBouncer = !isEmbeddedUrl(url) && new URL(url).searchParams.get("pgbouncer") === "true";
  const settings: PoolConfig = {
    connectionTimeoutMillis: DATABASE_BUSY_BUDGET_MS,
    ...(!behindPgBouncer && { options: `-c lock_timeout=${DATABASE_BUSY_BUDGET_MS}` }),
    ...pool,
  };
  const factory = async () =>
    new PrismaPg(isEmbeddedUrl(url) ? { ...(await openEmbeddedDatabase(embeddedDataDir(url))).connection, ...settings } : { connectionString: url, ...settings });
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => aroundStatements(await (await factory()).connect(), busyAsTimeout),
    connectToShadowDb: async () => aroundStatements(await (await factory()).connectToShadowDb(), busyAsTimeout),
  };
}

/** A lock not granted within lock_timeout (55P03), or no pooled connection free in time. */
function isBusy(error: unknown): boolean {
  const cause = error instanceof DriverAdapterError ? error.cause : undefined;
  if (cause?.kind === "postgres" && cause.code === "55P03") return true;
  return error instanceof Error && /timeout exceeded when trying to connect/.test(error.message);
}

/** Busy failures, of a statement or of opening a transaction, as Prisma's SocketTimeout kind (P1008). */
async function busyAsTimeout<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw isBusy(error) ? new DriverAdapterError({ kind: "SocketTimeout" }) : error;
  }
}

type Around = (operation: () => Promise<unknown>, call: { method: "queryRaw" | "executeRaw" | "startTransaction"; args: unknown[] }) => Promise<unknown>;

/**
 * A driver connection whose statements (queryRaw, executeRaw) and transaction starts run through
 * `around`, in the transactions it opens too. The adapters keep #private state, so methods are
 * called on the original object.
 */
export function aroundStatements<Q extends SqlQueryable>(target: Q, around: Around): Q {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => Promise<unknown>).bind(object);
      if (key === "queryRaw" || key === "executeRaw") return (...args: unknown[]) => around(() => method(...args), { method: key, args });
      if (key === "startTransaction") {
        return async (...args: unknown[]) => aroundStatements((await around(() => method(...args), { method: key, args })) as SqlQueryable, around);
      }
      return method;
    },
  });
}
