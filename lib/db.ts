import "server-only";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { createAdapter, DATABASE_BUSY_BUDGET_MS } from "@/lib/db-adapter";
import { env } from "@/lib/env";
import { withDbSpan } from "@/lib/observability/server/tracing";

export type { Prisma } from "@/generated/prisma/client";

/** Seconds a client should wait before retrying when the database was busy. */
export const DATABASE_RETRY_AFTER_S = Math.ceil(DATABASE_BUSY_BUDGET_MS / 1000);
export const DATABASE_BUSY_MESSAGE = `The service is busy. Try again in ${DATABASE_RETRY_AFTER_S} seconds.`;

/**
 * A lock or a pooled connection was not free within lib/db-adapter.ts's budget (Prisma's P1008).
 * Not a bug: the request should be answered with 503 and retried.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P1008";
}

function createClient() {
  return new PrismaClient({ adapter: createAdapter(env().DATABASE_URL) }).$extends({
    name: "telemetry",
    // One span per database operation (findUnique User, $queryRaw, …) inside a traced request.
    query: {
      $allOperations: ({ model, operation, args, query }) => withDbSpan(operation, model, "postgresql", () => query(args)),
    },
  });
}

export type Db = ReturnType<typeof createClient>;
/** The client an interactive transaction hands its callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One client per process; the globalThis cache survives dev-server hot reloads.
const globalForPrisma = globalThis as unknown as { prisma?: Db };
export const db: Db = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
