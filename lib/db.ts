import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

export type { Prisma } from "@/generated/prisma/client";

function createClient(): PrismaClient {
  const { DATABASE_URL, DATABASE_AUTH_TOKEN } = env();
  return new PrismaClient({ adapter: new PrismaLibSql({ url: DATABASE_URL, authToken: DATABASE_AUTH_TOKEN }) });
}

// One client per process; the globalThis cache survives dev-server hot reloads.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
