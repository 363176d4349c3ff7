import "server-only";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapter } from "@/lib/db-adapter";
import { env } from "@/lib/env";
import { withDbSpan } from "@/lib/observability/server/tracing";

export type { Prisma } from "@/generated/prisma/client";

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
