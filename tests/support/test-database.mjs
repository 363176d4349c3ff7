// The database a test suite runs on: the embedded default (a data folder under .test/), or, when
// TEST_DATABASE_URL names a PostgreSQL server, a database of its own there. .ci/run runs both.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** postgres://… on `server` (TEST_DATABASE_URL by default), or file:.test/<name>-pg. */
export function testDatabaseUrl(name, server = process.env.TEST_DATABASE_URL) {
  if (!server) return `file:${path.resolve(".test", `${name}-pg`)}`;
  if (!/^postgres(ql)?:\/\/./.test(server)) {
    throw new Error(`TEST_DATABASE_URL / BENCH_DATABASE_URL must be a PostgreSQL server URL (postgres://user@host:5432/db), not ${server}`);
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Which engine the suites run on, for test names and skips. */
export const testEngine = process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";

/** An empty database at `url` (made by testDatabaseUrl with the same `server`): the migrations and the seed fill it. */
export async function recreateTestDatabase(url, server = process.env.TEST_DATABASE_URL) {
  if (url.startsWith("file:")) {
    const dir = url.slice("file:".length);
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.lock`, { force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/**
 * Another session holding tables locked (as a migration or a long write would), on a PostgreSQL
 * server: resolves once the locks are held, with the function that releases them.
 */
export async function lockTables(url, ...tables) {
  const outside = new pg.Client({ connectionString: url });
  await outside.connect();
  await outside.query("BEGIN");
  await outside.query(`LOCK TABLE ${tables.map((table) => `"${table}"`).join(", ")} IN ACCESS EXCLUSIVE MODE`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await outside.query("ROLLBACK");
    await outside.end();
  };
}
