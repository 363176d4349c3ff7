import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaLibSql } from "@prisma/adapter-libsql";

/**
 * The Prisma driver adapter for a DATABASE_URL, shared by the app (lib/db.ts) and the seed.
 * A local SQLite file goes through better-sqlite3; a remote libSQL database (libsql://, https://,
 * e.g. Turso) through the libSQL client. Not libSQL for local files: its native binding (libsql
 * 0.5.29) leaks about 1 KB of memory per query, which the soak test caught (README, "What telemetry costs").
 */
export function createAdapter(url: string, authToken?: string) {
  return url.startsWith("file:") ? new PrismaBetterSqlite3({ url }) : new PrismaLibSql({ url, authToken });
}
