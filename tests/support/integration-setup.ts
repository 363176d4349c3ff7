/** Creates the integration database with the project's own migrate and seed scripts. */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export default function setup(): void {
  const dir = path.resolve(".test");
  mkdirSync(dir, { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(dir, `integration.db${suffix}`), { force: true });
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "integration.db")}` };
  execFileSync("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env, stdio: "inherit" });
  execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { env, stdio: "inherit" });
}
