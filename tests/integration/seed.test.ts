/**
 * The demo account (published password) never lands in a production database: `npm ci` runs the
 * seed through postinstall wherever DATABASE_URL points, so the seed itself refuses.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { createAdapter } from "@/lib/db-adapter";
import { closeEmbeddedDatabases } from "@/lib/embedded-database";

const run = promisify(execFile);

async function seed(env: Record<string, string>): Promise<{ users: number; plans: number; output: string }> {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "seed-")), "pgdata")}`;
  const base = { ...process.env, DATABASE_URL: url, ...env };
  await run("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env: { ...base, NODE_ENV: "development" } });
  const { stdout } = await run("node_modules/.bin/tsx", ["prisma/seed.ts"], { env: base });
  const db = new PrismaClient({ adapter: createAdapter(url) });
  try {
    return { users: await db.user.count({ where: { email: "demo@example.com" } }), plans: await db.plan.count(), output: stdout };
  } finally {
    await db.$disconnect();
    await closeEmbeddedDatabases(); // this process hosted it for the count
  }
}

describe("the seed", () => {
  it("creates the demo account in a local development database", async () => {
    expect(await seed({ NODE_ENV: "development" })).toMatchObject({ users: 1, plans: 3 });
  }, 60_000);

  it("never creates it with NODE_ENV=production, whatever command runs the seed", async () => {
    const result = await seed({ NODE_ENV: "production" });
    expect(result).toMatchObject({ users: 0, plans: 3 });
    expect(result.output).toContain("no demo user");
  }, 60_000);
});
