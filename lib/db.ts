import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { withDbSpan } from "@/lib/observability/server/tracing";

export type { Prisma } from "@/generated/prisma/client";

/**
 * A local SQLite file goes through better-sqlite3; a remote libSQL database (libsql://, https://,
 * e.g. Turso) through the libSQL client. Not libSQL for local files: its native binding (libsql
 * 0.5.29) leaks about 1 KB of memory per query, which the soak test caught (README, "What telemetry costs").
 */
export function createAdapter(url: string, authToken?: string) {
  return url.startsWith("file:") ? new PrismaBetterSqlite3({ url }) : new PrismaLibSql({ url, authToken });
}

function createClient() {
  const { DATABASE_URL, DATABASE_AUTH_TOKEN } = env();
  return new PrismaClient({ adapter: createAdapter(DATABASE_URL, DATABASE_AUTH_TOKEN) }).$extends({
    name: "telemetry",
    // One span per database operation (findUnique User, $queryRaw, …) inside a traced request.
    query: {
      $allOperations: ({ model, operation, args, query }) => withDbSpan(operation, model, "sqlite", () => query(args)),
    },
  });
}

export type Db = ReturnType<typeof createClient>;

// One client per process; the globalThis cache survives dev-server hot reloads.
const globalForPrisma = globalThis as unknown as { prisma?: Db };
export const db: Db = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
