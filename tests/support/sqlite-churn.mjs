// Child process for tests/integration/sqlite-driver.test.ts. Prisma's better-sqlite3 adapter prepares a
// new statement for every query, so the driver must survive millions of short-lived statements. On
// Node 24, better-sqlite3 12 compiled against Node 24.19+ headers aborts when V8 collects a statement
// from a background GC task ("Assertion failed: (env) != nullptr", nodejs/node#65446); the process then
// dies before it prints. (better-sqlite3 13 does not abort, but its statements' memory grows until a
// full GC: the soak test catches that at the app level.)
import Database from "better-sqlite3";

const db = new Database(":memory:");
let round = 0;
function burst() {
  for (let i = 0; i < 20_000; i++) db.prepare("select ? as x").get(i);
  // A large, short-lived JS heap, so V8 schedules concurrent and idle-time GC tasks while the loop waits.
  globalThis.garbage = Array.from({ length: 100_000 }, (_, i) => ({ i, s: `x${i}` }));
  if (++round < 40) setTimeout(burst, 50);
  else console.log(JSON.stringify({ rounds: round }));
}
burst();
