/**
 * The embedded database (lib/embedded-database.ts) shared by several connections and processes:
 * one process hosts it, the others connect to its socket, and concurrent connections never see
 * each other's statements or transactions (PGlite is one session behind the socket).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/embedded-database";

const run = promisify(execFile);
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "embedded-")), "pgdata");
let database: EmbeddedDatabase;

beforeAll(async () => {
  database = await openEmbeddedDatabase(dataDir);
}, 60_000);
afterAll(async () => database?.close());

type Report = { hosting: boolean; wrong: number; errors: string[]; notes: number };

/**
 * Another process (as a second app instance would be) opens the same data folder and, through a
 * pool of 10 connections, runs 300 concurrent tasks: parameterized selects with 1 to 5 parameters,
 * and transactions that upsert then read back.
 */
async function otherProcess(): Promise<Report> {
  const script = `
    import { openEmbeddedDatabase } from ${JSON.stringify(path.resolve("lib/embedded-database.ts"))};
    import pg from "pg";
    const database = await openEmbeddedDatabase(${JSON.stringify(dataDir)});
    const pool = new pg.Pool({ ...database.connection, max: 10 });
    await pool.query("create table if not exists notes (id text primary key, n int)");
    let wrong = 0;
    const errors = new Set();
    await Promise.all(Array.from({ length: 300 }, async (_, i) => {
      try {
        if (i % 3 === 0) {
          const client = await pool.connect();
          try {
            await client.query("begin");
            await client.query("insert into notes values ($1, $2) on conflict (id) do update set n = $2", ["note-" + (i % 7), i]);
            const { rows } = await client.query("select n from notes where id = $1 and n >= $2 and n < $3", ["note-" + (i % 7), 0, 1000]);
            if (rows[0]?.n !== i) wrong++; // another transaction's write showed up inside this one
            await client.query("commit");
          } finally {
            client.release();
          }
        } else {
          const values = Array.from({ length: (i % 5) + 1 }, (_, k) => i + "-" + k);
          const sql = "select " + values.map((_, k) => "$" + (k + 1) + "::text").join(" || '|' || ") + " as joined";
          const { rows } = await pool.query(sql, values);
          if (rows[0].joined !== values.join("|")) wrong++;
        }
      } catch (error) {
        errors.add(error.message);
      }
    }));
    const { rows } = await pool.query("select count(*)::int as notes from notes");
    await pool.end();
    await database.close();
    console.log(JSON.stringify({ hosting: database.hosting, wrong, errors: [...errors], notes: rows[0].notes }));`;
  const file = path.resolve(".test", "embedded-other-process.mts"); // inside the project, so `pg` resolves
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, script);
  // Statements interleaved inside PGlite's one session left clients waiting forever (before the fix).
  const { stdout } = await run("node_modules/.bin/tsx", [file], { timeout: 30_000 });
  return JSON.parse(stdout.trim()) as Report;
}

describe("the embedded database", () => {
  it("is hosted by one process and shared, statement by statement and transaction by transaction, with another", async () => {
    expect(database.hosting).toBe(true);
    expect(await otherProcess()).toEqual({ hosting: false, wrong: 0, errors: [], notes: 7 });
  }, 60_000);

  it("is taken over when its host died without cleaning up", async () => {
    await database.close();
    writeFileSync(`${dataDir}.lock`, "999999"); // a pid that is not running
    expect(await otherProcess()).toMatchObject({ hosting: true, wrong: 0, errors: [] });
    database = await openEmbeddedDatabase(dataDir);
  }, 60_000);
});
