// Prints "N passed, N failed" over the Vitest and Playwright JSON reports in a folder (.ci/run's
// last line): files named *vitest.json and *playwright.json, one pair per run.
// A failing step that produced no report (lint, typecheck, a crashed runner) counts as one failure.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const [exitArg = "0", dir = ".test"] = process.argv.slice(2);
const reports = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".json")) : [];
const read = (name) => JSON.parse(readFileSync(path.join(dir, name), "utf8"));
let passed = 0;
let failed = 0;

for (const name of reports.filter((n) => n.endsWith("vitest.json"))) {
  const vitest = read(name);
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
}
for (const name of reports.filter((n) => n.endsWith("playwright.json"))) {
  const playwright = read(name);
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
}

const exitCode = Number(exitArg);
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
