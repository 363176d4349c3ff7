/**
 * The migration history, applied by `db:deploy` to the database under test (embedded, or a
 * PostgreSQL server in CI's second run), builds exactly what prisma/schema.prisma describes.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { INTEGRATION } from "@/tests/support/integration-env";
import { testEngine } from "@/tests/support/test-database.mjs";

const run = promisify(execFile);
const migrations = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(path.join("prisma/migrations", entry.name, "migration.sql"), "utf8"))
  .join("\n");
/** Every table, index and constraint the migrations create, by name. */
const created = [...migrations.matchAll(/CREATE (?:UNIQUE )?(?:TABLE|INDEX) "([^"]+)"|CONSTRAINT "([^"]+)"/g)].map((m) => m[1] ?? m[2]);

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
