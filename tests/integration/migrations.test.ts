/**
 * The migration history, applied by `db:deploy` to the database under test (embedded, or a
 * PostgreSQL server in CI's second run), builds exactly what prisma/schema.prisma describes.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { INTEGRATION } from "@/tests/support/integration-env";
import pg from "pg";
import { isEmbeddedUrl } from "@/lib/db-adapter";
import { embeddedDataDir, openEmbeddedDatabase } from "@/lib/embedded-database";
import { recreateTestDatabase, testDatabaseUrl, testEngine } from "@/tests/support/test-database.mjs";

const run = promisify(execFile);
const migrations = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(path.join("prisma/migrations", entry.name, "migration.sql"), "utf8"))
  .join("\n");
/** Every table, index and constraint the migrations leave behind, by name: created, in order, unless dropped later. */
const created = (() => {
  const names = new Set<string>();
  for (const m of migrations.matchAll(/(DROP )?(?:CREATE (?:UNIQUE )?(?:TABLE|INDEX) "([^"]+)"|INDEX "([^"]+)"|CONSTRAINT "([^"]+)")/g)) {
    const name = m[2] ?? m[3] ?? m[4]!;
    if (m[1]) names.delete(name);
    else if (!m[3]) names.add(name); // a bare `INDEX "x"` is only ever dropped
  }
  return [...names];
})();

describe("the migrations", () => {
  it("leave the database matching the schema, as the engine reads it back from the catalog", async () => {
    const { stdout } = await run("node_modules/.bin/tsx", ["scripts/db.ts", "verify"], {
      env: { ...process.env, DATABASE_URL: INTEGRATION.databaseUrl },
    });
    expect(stdout).toContain("the database matches the schema");
  }, 60_000);

  it.skipIf(testEngine !== "postgresql" || !existsSync("/usr/bin/pg_dump"))("create every table, index and key pg_dump finds on the server", async () => {
    const { stdout } = await run("pg_dump", ["--schema-only", "--no-owner", INTEGRATION.databaseUrl]);
    expect(created.length).toBeGreaterThan(20);
    for (const name of created) expect(stdout, name).toContain(name);
    const dumped = [...stdout.matchAll(/CREATE TABLE public\."?([A-Za-z_]+)"?/g)].map((m) => m[1]).filter((t) => t !== "_prisma_migrations");
    expect(dumped.sort()).toEqual(created.filter((name) => migrations.includes(`CREATE TABLE "${name}"`)).sort());
  }, 60_000);
});

/** Applies the migrations in `names` (in order) to `url`, from a folder holding only those. */
async function deployOnly(url: string, names: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  try {
    cpSync("prisma/schema.prisma", path.join(dir, "prisma/schema.prisma"));
    cpSync("prisma/migrations/migration_lock.toml", path.join(dir, "prisma/migrations/migration_lock.toml"));
    for (const name of names) cpSync(path.join("prisma/migrations", name), path.join(dir, "prisma/migrations", name), { recursive: true });
    await run(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/db.ts"), "deploy"], { cwd: dir, env: { ...process.env, DATABASE_URL: url } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("upgrading a database made before teams", () => {
  it("gives every user a team of their own that keeps their projects, subscription and Stripe customer", async () => {
    const server = process.env.TEST_DATABASE_URL;
    const url = testDatabaseUrl("upgrade", server);
    await recreateTestDatabase(url, server);
    const [init, teams] = readdirSync("prisma/migrations").filter((name) => /^\d+_/.test(name)).sort();
    expect(teams).toMatch(/_teams$/);
    await deployOnly(url, [init!]);

    const embedded = isEmbeddedUrl(url) ? await openEmbeddedDatabase(embeddedDataDir(url)) : null;
    const client = new pg.Client(embedded ? embedded.connection : { connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "stripeCustomerId", "updatedAt") VALUES ('u1', 'ann@example.com', 'Ann', 'h', 'cus_ann', now()), ('u2', 'bo@example.com', 'Bo', 'h', NULL, now())`);
      await client.query(`INSERT INTO "Plan" (id, name, description, "priceCents", features) VALUES ('pro', 'Pro', '', 1900, '[]')`);
      await client.query(`INSERT INTO "Project" (id, "userId", name) VALUES ('p1', 'u1', 'Ann''s project'), ('p2', 'u2', 'Bo''s project')`);
      await client.query(`INSERT INTO "Subscription" (id, "userId", "planId", "stripeSubscriptionId", status, "currentPeriodEnd", "updatedAt") VALUES ('s1', 'u1', 'pro', 'sub_ann', 'active', now(), now())`);

      await deployOnly(url, [init!, teams!]);

      const owners = await client.query(`SELECT u.id, t.name, t."stripeCustomerId", m.role, u."currentTeamId" = t.id AS current FROM "User" u JOIN "Membership" m ON m."userId" = u.id JOIN "Team" t ON t.id = m."teamId" ORDER BY u.id`);
      expect(owners.rows).toEqual([
        { id: "u1", name: "Ann's team", stripeCustomerId: "cus_ann", role: "owner", current: true },
        { id: "u2", name: "Bo's team", stripeCustomerId: null, role: "owner", current: true },
      ]);
      const projects = await client.query(`SELECT p.id, p."createdById", m."userId" AS owner FROM "Project" p JOIN "Membership" m ON m."teamId" = p."teamId" ORDER BY p.id`);
      expect(projects.rows).toEqual([
        { id: "p1", createdById: "u1", owner: "u1" },
        { id: "p2", createdById: "u2", owner: "u2" },
      ]);
      const subscription = await client.query(`SELECT s."stripeSubscriptionId", m."userId" AS owner FROM "Subscription" s JOIN "Membership" m ON m."teamId" = s."teamId"`);
      expect(subscription.rows).toEqual([{ stripeSubscriptionId: "sub_ann", owner: "u1" }]);
    } finally {
      await client.end();
      await embedded?.close();
    }
  }, 120_000);
});
