/**
 * `npm run bench`: what Highlight costs this app, measured, not assumed.
 *
 * Method (chosen so it cannot flatter telemetry):
 * - One production build, started afresh for each variant: telemetry off, on at 100 %, on at the
 *   recommended production rate, on with the backend down, and off again: that A/A control's
 *   ratios to "off" show how large the benchmark's own noise is on this machine.
 * - Every variant measures the same data: what a run's server action created is deleted before
 *   the next run and the tables vacuumed (otherwise later runs render a longer project list and write
 *   to bloated tables and indexes).
 * - The app is pinned to CPU 0 (`taskset`); this process (the load generator), the telemetry
 *   receiver and the Stripe stand-in run on the other CPUs, so they never steal the app's CPU.
 * - Rounds interleave the variants in a rotated order, so drift (thermal, page cache) does not
 *   always land on the same one; every ratio is the median over rounds, with its min–max.
 * - CPU time per request is the app's own CPU time (user + system, read from /proc) over the
 *   measured window divided by the requests served: on − off is what telemetry adds, in µs.
 * - Requests carry browser sessions (one of 1,000 per request, in the cookie proxy.ts forwards),
 *   so sampling by session is exercised as in production.
 * - Purchases (`POST /api/subscriptions`) come from many teams, as in production: each request is
 *   sent as the next of the buyers (three per connection: 30 by default), so the route is not
 *   measuring requests asleep in one team's lock.
 * - Each database engine gets its own set of rounds: the embedded default (PGlite, inside the app's
 *   process, so on its CPU) and a PostgreSQL server (BENCH_DATABASE_URL, or a throwaway one started by
 *   .ci/postgres.sh on the load generator's CPU), where production runs.
 * Browser: LCP and total blocking time over cold loads in Chromium, off vs on (first engine only).
 *
 *   npm run bench [-- --rounds 5 --duration 8 --warmup 3 --warmup-requests 2000 (5000 with --instructions) --loads 5 --database embedded,postgresql
 *                     --no-build --no-browser --write-readme]
 *   Probes (never written to the README): --routes dashboard,action --variants on,control (opt-in variants:
 *                  again = a second "on" server, plain = "on" with an uncompressed export)
 *                  --node-flags="--trace-opt --trace-deopt" (Node/V8 flags for every variant's app; its
 *                  stdout then joins its stderr in app.log, so V8's traces can be compared per variant)
 *   Instructions per request instead of throughput (valgrind, bench/callgrind.ts):
 *                  --instructions [--samples 4 --requests 200 --write-readme]
 *                  --instructions --jit-names (probe: JIT-compiled functions named through V8's perf map, and the
 *                  functions each variant adds most instructions to, per route)
 *                  --instructions --paired (probe: one telemetry-on server at 50 %, samples of traced and untraced
 *                  sessions in turn, so that what tracing costs is counted within one process)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { PrismaClient } from "../generated/prisma/client";
import { hashPassword } from "../lib/auth/password";
import { createAdapter } from "../lib/db-adapter";
import { closeEmbeddedDatabases } from "../lib/embedded-database";
import { listening } from "../lib/listening";
import { countFrom, dumpSample, hasValgrind, stopCounting, underCallgrind, type FunctionCounts, type InstructionSample } from "./callgrind";
import { isSessionSampled } from "../lib/observability/shared/sampling";
import { RECORDER_MARKS } from "../lib/observability/shared/settings";
import { recreateTestDatabase, testDatabaseUrl } from "../tests/support/test-database.mjs";
import { DEMO_USER } from "../prisma/seed-data";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "8" },
    loads: { type: "string", default: "5" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    "warmup-requests": { type: "string" },
    database: { type: "string", default: "embedded,postgresql" },
    "no-build": { type: "boolean" },
    "no-browser": { type: "boolean" },
    "write-readme": { type: "boolean" },
    // Probes: a subset of routes (name substrings) and of variants; the README table needs them all.
    routes: { type: "string" },
    variants: { type: "string" },
    // Instructions per request under valgrind (bench/callgrind.ts) instead of throughput.
    instructions: { type: "boolean" },
    // Probe: the app's CPU time and context switches per request, by thread (V8 helpers, libuv pool, …).
    threads: { type: "boolean" },
    // Probe: Node/V8 flags for the app, the same for every variant (not allowed in NODE_OPTIONS).
    "node-flags": { type: "string" },
    // Probe, with --instructions: names JIT-compiled functions (V8's perf map) and lists what each variant adds, by function.
    "jit-names": { type: "boolean" },
    // Probe, with --instructions: one telemetry-on server, samples of traced and untraced sessions in turn (see pairedFigures).
    paired: { type: "boolean" },
    samples: { type: "string", default: "4" },
    requests: { type: "string", default: "200" },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const LOADS = Number(args.loads);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const INSTRUCTIONS = !!args.instructions;
const SAMPLES = Number(args.samples);
const SAMPLE_REQUESTS = Number(args.requests);
if (args["jit-names"] && !INSTRUCTIONS) throw new Error("bench: --jit-names names the functions of an instruction count; add --instructions");
const JIT_NAMES = !!args["jit-names"];
if (args.paired && !INSTRUCTIONS) throw new Error("bench: --paired is a way of counting instructions; add --instructions");
const PAIRED = !!args.paired;
/** With --paired, the one server's rate: half the sessions traced, half not. */
const PAIRED_RATE = 0.5;
const NODE_FLAGS = args["node-flags"]?.split(/\s+/).filter(Boolean) ?? [];
/** Under valgrind the app runs ~40× slower: a longer warm-up lets V8 optimise the hot code first. */
const INSTRUCTIONS_WARMUP_S = 60;
/**
 * Requests per route before measuring (at least, whatever the seconds): V8 optimises after so many
 * calls, not so many seconds, and a slower variant (telemetry on) would get fewer calls in the same
 * time. Under valgrind 2,000 were not enough: Next.js's request path still ran partly in baseline
 * code, where each exception it throws and catches per request cost ~70 k instructions (docs/telemetry-cost.md).
 */
const WARMUP_REQUESTS = Number(args["warmup-requests"] ?? (INSTRUCTIONS ? 5000 : 2000));
/** Connections while counting instructions (requests under valgrind queue behind one another anyway). */
const INSTRUCTIONS_CONNECTIONS = 4;
/** The rate the README recommends for production. */
export const PRODUCTION_RATE = 0.1;

const APP_PORT = 3200;
const RECEIVER_PORT = 4340;
const STRIPE_PORT = 12140;
const APP = `http://localhost:${APP_PORT}`;
const CLOSED = "http://localhost:9"; // nothing listens on the discard port

/**
 * "control" is telemetry off again: its ratios to "off" are the benchmark's own noise (an A/A test).
 * Only when --variants names them: "again" is a second "on" server: how far two runs of the
 * telemetry-on server differ, which can exceed the A/A spread (a B/B test); "plain" is "on" with
 * OTEL_EXPORTER_OTLP_COMPRESSION=none (a collector on the same host compresses instead).
 */
type Variant = "off" | "on" | "production" | "down" | "control" | "again" | "plain";
const ALL_VARIANTS: Variant[] = ["off", "on", "production", "down", "control", "again", "plain"];
const OPT_IN: Variant[] = ["again", "plain"];
const VARIANTS: Variant[] = args.variants
  ? ALL_VARIANTS.filter((v) => v === "off" || args.variants!.split(",").includes(v))
  : ALL_VARIANTS.filter((v) => !OPT_IN.includes(v) && (!INSTRUCTIONS || v !== "down")); // "down" is about waiting, which only the wall-clock run sees
const LABEL: Record<Variant, string> = {
  off: "off",
  on: "on, 100 %",
  production: `on, ${PRODUCTION_RATE * 100} %`,
  down: "on, 100 %, backend down",
  control: "off again (A/A control)",
  again: "on, 100 %, again (B/B control)",
  plain: "on, 100 %, uncompressed export",
};

type Engine = "embedded" | "postgresql";
const ENGINES = args.database.split(",").map((name) => {
  if (name !== "embedded" && name !== "postgresql") throw new Error(`--database: embedded and/or postgresql, not ${name}`);
  return name as Engine;
});
const PG_PORT = 54340;

const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "bench-"));
// --jit-names: V8 writes its JIT map to /tmp/perf-<pid>.map, and with it a log of code events (kept in the run's folder, not the repository).
if (JIT_NAMES) NODE_FLAGS.push("--perf-basic-prof", `--logfile=${path.join(work, "v8-%p.log")}`, "--no-logfile-per-isolate");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  MALLOC_ARENA_MAX: "2", // as `npm start`
  AUTH_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
  STRIPE_SECRET_KEY: "sk_test_bench",
  STRIPE_WEBHOOK_SECRET: "whsec_bench",
  STRIPE_API_BASE: `http://localhost:${STRIPE_PORT}`,
  LOG_LEVEL: "info",
};

/** A fresh, migrated and seeded database on `engine`; its URL. */
async function prepareDatabase(engine: Engine): Promise<string> {
  let url = `file:${path.join(work, "pgdata")}`;
  if (engine === "postgresql") {
    const server = process.env.BENCH_DATABASE_URL || execFileSync(path.join(root, ".ci/postgres.sh"), ["start", String(PG_PORT)], { encoding: "utf8" }).trim();
    url = testDatabaseUrl("bench", server);
    await recreateTestDatabase(url, server);
  }
  const env = { ...baseEnv, DATABASE_URL: url };
  execFileSync(bin("tsx"), ["scripts/db.ts", "deploy"], { cwd: root, env, stdio: "ignore" });
  // A throwaway database: seeded as a test one (with NODE_ENV=production the seed skips the demo account).
  execFileSync(bin("tsx"), ["prisma/seed.ts"], { cwd: root, env: { ...env, NODE_ENV: "test" }, stdio: "ignore" });
  await createBuyers(url);
  return url;
}

/** What the server action creates: removed after every run, so each variant measures the same data. */
const BENCH_PROJECT = "Bench project";

/** A Prisma client on `databaseUrl` for `fn`, closed afterwards (the embedded database too). */
async function withDb<T>(databaseUrl: string, fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = new PrismaClient({ adapter: createAdapter(databaseUrl) });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
    await closeEmbeddedDatabases();
  }
}

const resetData = (databaseUrl: string) =>
  withDb(databaseUrl, async (db) => {
    // The action's projects, and the activity both routes record (a purchase logs a plan change).
    await db.activity.deleteMany({ where: { OR: [{ action: "create_project", detail: BENCH_PROJECT }, { user: { email: { endsWith: BUYER_DOMAIN } } }] } });
    await db.project.deleteMany({ where: { name: BENCH_PROJECT } });
    // A run inserts, updates and deletes thousands of rows (a purchase takes and frees a lock row and
    // rewrites its team and subscription): without a vacuum each later run reads and writes bloated
    // tables and indexes, and the rounds drift slower whatever the variant.
    await db.$executeRawUnsafe('VACUUM ANALYZE "Project", "Activity", "BillingLock", "Team", "Subscription"');
  });

/**
 * Owners of teams of their own, who buy plans in `POST /api/subscriptions`. One team's plan changes
 * one at a time (its billing lock), so with every connection buying for the demo team the route
 * measured nine requests sleeping in the lock's retry loop, not what a purchase costs. Purchases come
 * from many teams in production; each request here takes the next buyer in turn, three times as many
 * buyers as connections, so two requests of one team rarely overlap.
 */
const BUYERS = 3 * (INSTRUCTIONS ? INSTRUCTIONS_CONNECTIONS : CONNECTIONS);
const BUYER_PASSWORD = "bench-buyer-1234";
const BUYER_DOMAIN = "@bench.example.com";
const buyerEmail = (i: number) => `buyer-${i}${BUYER_DOMAIN}`;

const createBuyers = (databaseUrl: string) =>
  withDb(databaseUrl, async (db) => {
    const passwordHash = await hashPassword(BUYER_PASSWORD);
    for (let i = 0; i < BUYERS; i++) {
      const user = await db.user.create({ data: { email: buyerEmail(i), name: `Buyer ${i}`, passwordHash } });
      const team = await db.team.create({ data: { name: `Buyer ${i}'s team`, memberships: { create: { userId: user.id, role: "owner" } } } });
      await db.user.update({ where: { id: user.id }, data: { currentTeamId: team.id } });
    }
  });

function envFor(variant: Variant, databaseUrl: string): NodeJS.ProcessEnv {
  const endpoint = variant === "down" ? CLOSED : `http://localhost:${RECEIVER_PORT}`;
  return {
    ...baseEnv,
    DATABASE_URL: databaseUrl,
    PORT: String(APP_PORT),
    NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: variant === "off" || variant === "control" ? "" : "bench",
    NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: `${endpoint}/public`,
    NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: endpoint,
    HIGHLIGHT_OTLP_ENDPOINT: endpoint,
    HIGHLIGHT_SAMPLE_RATE: variant === "production" ? String(PRODUCTION_RATE) : PAIRED ? String(PAIRED_RATE) : "1",
    ...(variant === "plain" ? { OTEL_EXPORTER_OTLP_COMPRESSION: "none" } : {}),
    ...(INSTRUCTIONS ? { HIGHLIGHT_EXPORT_INTERVAL_MS: String(INSTRUCTIONS_EXPORT_INTERVAL_MS) } : {}),
  };
}

// ── CPUs ─────────────────────────────────────────────────────────────────────

const cpus = os.availableParallelism();
const pinned = cpus >= 2;
if (pinned) {
  // This process (load generator) and everything it spawns, except the app, on CPUs 1…n.
  execFileSync("taskset", ["-a", "-p", "-c", `1-${cpus - 1}`, String(process.pid)], { stdio: "ignore" });
} else {
  console.warn("bench: only one CPU: the app shares it with the load generator and receiver; ratios are less reliable.");
}

/** The fields of a /proc …/stat file after the command name (index 1: parent pid; 11, 12: user, system ticks). */
function statFields(file: string): string[] | undefined {
  try {
    const stat = readFileSync(file, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // the process or thread ended meanwhile
  }
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const cpuMsOf = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) * TICK_MS;

/** A process and all its descendants (Linux /proc), with their stat fields. */
function processTree(pid: number): Map<number, string[]> {
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    const fields = /^\d+$/.test(entry) ? statFields(`/proc/${entry}/stat`) : undefined;
    if (fields) stats.set(Number(entry), fields);
  }
  const tree = new Map<number, string[]>();
  const queue = [pid];
  while (queue.length) {
    const current = queue.pop()!;
    const fields = stats.get(current);
    if (fields) tree.set(current, fields);
    for (const [child, s] of stats) if (Number(s[1]) === current) queue.push(child);
  }
  return tree;
}

/** User + system CPU time of a process and all its descendants, in ms. */
function treeCpuMs(pid: number): number {
  let total = 0;
  for (const fields of processTree(pid).values()) total += cpuMsOf(fields);
  return total;
}

type ThreadUse = { cpuMs: number; switches: number };

/**
 * CPU time and context switches of every thread of a process tree, summed by thread name: shows
 * whether telemetry's cost lands on the main thread or on V8's and libuv's helper threads.
 */
function threadUse(pid: number): Map<string, ThreadUse> {
  const use = new Map<string, ThreadUse>();
  for (const proc of processTree(pid).keys()) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${proc}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const dir = `/proc/${proc}/task/${task}`;
      const fields = statFields(`${dir}/stat`);
      if (!fields) continue;
      let status = "";
      let name = "main";
      try {
        status = readFileSync(`${dir}/status`, "utf8");
        if (task !== String(proc)) name = readFileSync(`${dir}/comm`, "utf8").trim();
      } catch {
        continue;
      }
      const count = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
      const entry = use.get(name) ?? { cpuMs: 0, switches: 0 };
      entry.cpuMs += cpuMsOf(fields);
      entry.switches += count("voluntary_ctxt_switches") + count("nonvoluntary_ctxt_switches");
      use.set(name, entry);
    }
  }
  return use;
}

/** "main 310 µs · 2.1 sw; V8 DefaultWorke 40 µs · 9.0 sw …" per request, between two snapshots. */
function threadReport(before: Map<string, ThreadUse>, after: Map<string, ThreadUse>, requests: number): string {
  return [...after]
    .map(([name, a]) => {
      const b = before.get(name) ?? { cpuMs: 0, switches: 0 };
      return { name, us: ((a.cpuMs - b.cpuMs) * 1000) / requests, sw: (a.switches - b.switches) / requests };
    })
    .filter((t) => t.us > 0 || t.sw > 0.05)
    .map((t) => `${t.name} ${t.us.toFixed(0)} µs · ${t.sw.toFixed(2)} sw`)
    .join("; ");
}

// ── App lifecycle ────────────────────────────────────────────────────────────

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

const APP_LOG = path.join(work, "app.log");

/** Where callgrind writes the counts of the app started for instructions (%p: its pid). */
const CALLGRIND_OUT = path.join(work, "callgrind.%p.out");

/** Fails when something already listens on `port`: its answers would pass for the new app's. */
async function assertPortFree(port: number): Promise<void> {
  if (await listening(port)) throw new Error(`port ${port} is already in use (a server left by an interrupted bench?): stop it, then run again`);
}

async function startApp(variant: Variant, databaseUrl: string): Promise<ChildProcess> {
  await assertPortFree(APP_PORT);
  const next = [process.execPath, ...NODE_FLAGS, path.join(root, "node_modules/next/dist/bin/next"), "start", "--port", String(APP_PORT)];
  const app = INSTRUCTIONS ? underCallgrind(CALLGRIND_OUT, next) : next;
  const [command, ...argv] = pinned ? ["taskset", "-c", "0", ...app] : app;
  // The app's stderr (valgrind's messages, a crash) is kept, so a failed run can be explained; its
  // stdout (a log line per action) only when --node-flags asks V8 for traces, which V8 writes there.
  const log = openSync(APP_LOG, "a");
  writeSync(log, `\n── ${new Date().toISOString()} telemetry ${LABEL[variant]}${NODE_FLAGS.length ? ` (${NODE_FLAGS.join(" ")})` : ""}\n`);
  const child = spawn(command!, argv, { cwd: root, env: envFor(variant, databaseUrl), stdio: ["ignore", NODE_FLAGS.length ? log : "ignore", log] });
  closeSync(log); // the child holds its own copy
  await waitFor(`${APP}/api/health`, INSTRUCTIONS ? 300_000 : 60_000);
  return child;
}

async function stopApp(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Signed-in session cookies: the demo account's, and the buyers' (see BUYERS) when a measured route sends them. */
type Sessions = { demo: string; buyers: string[] };
type Route = [name: string, target: Target];

/**
 * Every account signs in once per database, on the first server: sessions live in the database and
 * every variant signs cookies with the same secret, so they stay valid for the later servers (and
 * the sign-in limits of lib/auth/rate-limit.ts are never reached).
 */
const signedIn = new Map<string, Promise<Sessions>>();

async function signInAll(routes: Route[]): Promise<Sessions> {
  const demo = await signIn(DEMO_USER.email, DEMO_USER.password);
  const buyers: string[] = [];
  // A sign-in is a deliberately slow password hash: only when a measured route buys.
  if (routes.some(([, target]) => target.buyers)) for (let i = 0; i < BUYERS; i++) buyers.push(await signIn(buyerEmail(i), BUYER_PASSWORD));
  return { demo, buyers };
}

/** Starts the app for `variant` (a database's first server signs everyone in), measures; then stops it and deletes what the run created. */
async function withApp<T>(variant: Variant, databaseUrl: string, routes: Route[], measure: (app: ChildProcess, sessions: Sessions) => Promise<T>): Promise<T> {
  const app = await startApp(variant, databaseUrl);
  try {
    if (!signedIn.has(databaseUrl)) signedIn.set(databaseUrl, signInAll(routes));
    return await measure(app, await signedIn.get(databaseUrl)!);
  } finally {
    await stopApp(app);
    await resetData(databaseUrl);
    if (JIT_NAMES) rmSync(`/tmp/perf-${app.pid}.map`, { force: true }); // V8's perf map, read after every sample
  }
}

async function signIn(email: string, password: string): Promise<string> {
  const res = await fetch(`${APP}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`signing in ${email} answered ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** The id Next gave the dashboard's createProjectAction in this build (what a form posts as Next-Action). */
function createProjectActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  const entry = Object.entries(manifest.node).find(([, value]) => value.exportedName === "createProjectAction");
  if (!entry) throw new Error("createProjectAction not found in the server reference manifest");
  return entry[0];
}

// ── Server figures ───────────────────────────────────────────────────────────

type Figures = { rps: number; p99: number; cpuUs: number };
type ServerFigures = Record<string, Figures>;

const SESSIONS = Array.from({ length: 1000 }, (_, i) => `benchsession${String(i).padStart(6, "0")}`);
/** --paired: the sessions the app traces at PAIRED_RATE, and those it does not (the app's own decision). */
const TRACED = SESSIONS.filter((id) => isSessionSampled(id, PAIRED_RATE));
const UNTRACED = SESSIONS.filter((id) => !isSessionSampled(id, PAIRED_RATE));
/** Each request signed in (as the demo account, or as the next buyer in turn) and in one of the browser sessions of `pool`. */
const withSession = (sessions: Sessions, target: Target, pool = SESSIONS) => {
  const cookies = target.buyers ? sessions.buyers : [sessions.demo];
  let next = 0;
  return (request: { headers?: Record<string, string> }) => {
    const session = pool[Math.floor(Math.random() * pool.length)];
    request.headers = { ...request.headers, cookie: `${cookies[next++ % cookies.length]}; sessionSecureID=${session}` };
    return request;
  };
};

/** buyers: sent as the buyers in turn rather than as the demo account. */
type Target = { url: string; method?: string; headers?: Record<string, string>; body?: string; buyers?: boolean };

/** The benchmarked routes (all, or those --routes names). */
function targets(actionId: string): Route[] {
  const all: Record<string, Target> = {
    "GET /api/health": { url: `${APP}/api/health` },
    "GET /dashboard": { url: `${APP}/dashboard` },
    "POST /api/subscriptions": {
      url: `${APP}/api/subscriptions`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ planId: "pro" }),
      buyers: true,
    },
    "server action create_project": {
      url: `${APP}/dashboard`,
      method: "POST",
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: APP },
      body: JSON.stringify([{ name: BENCH_PROJECT, description: "" }]),
    },
  };
  // Under valgrind the two heavier routes would take most of an hour: instructions default to the lighter two.
  const wanted = args.routes?.split(",") ?? (INSTRUCTIONS ? ["health", "action"] : undefined);
  return Object.entries(all).filter(([name]) => !wanted || wanted.some((part) => name.includes(part)));
}

function assertAnswered(name: string, result: { non2xx: number; errors: number }): void {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors: the benchmark would measure failures (the app's log: ${APP_LOG})`);
  }
}

/**
 * Warm-up at full load, at least `seconds` and at least WARMUP_REQUESTS requests: each variant starts
 * a fresh server, and telemetry-on has more code for V8 to optimise; without this the JIT's warm-up
 * lands in the "on" figures.
 */
async function warmUp(name: string, request: Parameters<typeof autocannon>[0] & { connections: number }, seconds: number): Promise<void> {
  const warm = await autocannon({ ...request, duration: seconds });
  assertAnswered(name, warm);
  // autocannon refuses fewer requests than connections, so a top-up of a few sends one per connection.
  const short = WARMUP_REQUESTS - warm.requests.total;
  if (short > 0) assertAnswered(name, await autocannon({ ...request, amount: Math.max(short, request.connections) }));
}

async function serverFigures(app: ChildProcess, sessions: Sessions, routes: Route[]): Promise<ServerFigures> {
  const figures: ServerFigures = {};
  for (const [name, target] of routes) {
    const request = { ...target, requests: [{ setupRequest: withSession(sessions, target) }], connections: CONNECTIONS };
    // A slow route (the server action) was still speeding up 15 s into a 3 s warm-up.
    await warmUp(name, request, WARMUP);
    const cpuBefore = treeCpuMs(app.pid!);
    const threadsBefore = args.threads ? threadUse(app.pid!) : undefined;
    const result = await autocannon({ ...request, duration: DURATION });
    const cpuMs = treeCpuMs(app.pid!) - cpuBefore;
    if (threadsBefore) console.log(`\n  ${name} per request by thread: ${threadReport(threadsBefore, threadUse(app.pid!), result.requests.total)}`);
    assertAnswered(name, result);
    figures[name] = { rps: result.requests.average, p99: result.latency.p99, cpuUs: (cpuMs * 1000) / result.requests.total };
  }
  return figures;
}

/**
 * Under valgrind the app runs ~40× slower, so a 2 s export interval would send a small batch every
 * ~40 health checks where a loaded server at full speed fills a batch of 512 spans (one export per
 * ~256 health checks) long before its interval: each counted request would carry several times its
 * share of an export's fixed cost. With the longest interval, exports leave when a batch is full, as
 * at full speed, and samples follow each other without pauses (a long idle pause changes what V8
 * does next). What stays queued across a sample boundary is at most one batch: the pooled ratio over
 * all samples is off by at most one export's cost divided by every counted request.
 */
const INSTRUCTIONS_EXPORT_INTERVAL_MS = 60_000;

/** Per route, per sample: instructions per request (the app under callgrind, see bench/callgrind.ts); with --jit-names, the sample's work by function. */
type CountedSample = InstructionSample & { functions?: FunctionCounts };
type InstructionFigures = Record<string, CountedSample[]>;

/** The functions whose work per request a variant adds most to "off", per database and route (--jit-names). */
function functionReport(byEngine: Record<Engine, Partial<Record<Variant, InstructionFigures>>>, top = 15): string {
  const lines: string[] = [];
  // Work per request by function, over all of a route's samples in one variant.
  const perRequest = (samples: CountedSample[]) => {
    const total = new Map<string, number>();
    for (const { functions } of samples) for (const [name, count] of functions ?? []) total.set(name, (total.get(name) ?? 0) + count / (samples.length * SAMPLE_REQUESTS));
    return total;
  };
  for (const [engine, variants] of Object.entries(byEngine) as [Engine, Partial<Record<Variant, InstructionFigures>>][]) {
    for (const [route, offSamples] of Object.entries(variants.off ?? {})) {
      const off = perRequest(offSamples);
      for (const variant of VARIANTS.filter((v) => v !== "off")) {
        const samples = variants[variant]?.[route];
        if (!samples?.some((sample) => sample.functions)) continue;
        const on = perRequest(samples);
        const added = [...new Set([...on.keys(), ...off.keys()])]
          .map((name) => ({ name, delta: (on.get(name) ?? 0) - (off.get(name) ?? 0) }))
          .sort((a, b) => b.delta - a.delta);
        const total = added.reduce((sum, f) => sum + f.delta, 0);
        lines.push(`${route} (${ENGINE_LABEL[engine]}), ${LABEL[variant]} − off: ${Math.round(total / 1000)} k instructions of work added per request (self counts); the largest additions:`);
        for (const f of added.slice(0, top)) lines.push(`  ${String(Math.round(f.delta / 1000)).padStart(5)} k  ${f.name.slice(0, 140)}`);
      }
    }
  }
  return lines.join("\n");
}

type CountedRequest = Parameters<typeof autocannon>[0] & { connections: number };

/** Under valgrind: a route's request for autocannon, in the sessions of `pool`. */
const countedRequest = (sessions: Sessions, target: Target, pool = SESSIONS): CountedRequest =>
  // A cold route's first requests take seconds under valgrind: a generous timeout, not an error.
  ({ ...target, requests: [{ setupRequest: withSession(sessions, target, pool) }], connections: INSTRUCTIONS_CONNECTIONS, timeout: 120 });

/** Warms a route up under valgrind, then counts one settling sample that is not kept; counting stays on. */
async function settle(app: ChildProcess, name: string, request: CountedRequest): Promise<void> {
  await warmUp(name, request, INSTRUCTIONS_WARMUP_S);
  // One settling sample, not kept: the first counted sample ran about 10 % high in every variant while
  // V8 adapted, and switching counting on makes valgrind translate all code again, so its first requests
  // are the slowest of the run (one action took over the 120 s timeout). Hence a longer timeout, and a
  // failure here is reported, not fatal; the kept samples must all succeed.
  countFrom(app.pid!, true);
  const settling = await autocannon({ ...request, amount: SAMPLE_REQUESTS, timeout: 600 });
  if (settling.errors > 0 || settling.non2xx > 0) console.warn(`bench: ${name}: ${settling.errors} errors and ${settling.non2xx} non-2xx answers in the settling sample (not kept)`);
}

/** Counts one sample of SAMPLE_REQUESTS requests (dump number `dump`), per request; `idleMs` more are counted after the last answer. */
async function countSample(app: ChildProcess, name: string, request: CountedRequest, dump: number, idleMs = 0): Promise<CountedSample> {
  // A sample in which a request failed is counted again from zero, once: under valgrind a rare socket
  // error (1 in thousands) would otherwise end a half-hour run; a second failure still stops it.
  for (let attempt = 1; ; attempt++) {
    countFrom(app.pid!, false);
    const result = await autocannon({ ...request, amount: SAMPLE_REQUESTS });
    if (attempt === 2 || (result.errors === 0 && result.non2xx === 0)) {
      assertAnswered(name, result);
      break;
    }
    console.warn(`bench: ${name}: ${result.errors} errors and ${result.non2xx} non-2xx answers in a sample; counting it again`);
  }
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const sample = dumpSample(app.pid!, CALLGRIND_OUT, dump, JIT_NAMES ? `/tmp/perf-${app.pid}.map` : undefined);
  return {
    work: sample.work / SAMPLE_REQUESTS,
    gc: sample.gc / SAMPLE_REQUESTS,
    jit: sample.jit / SAMPLE_REQUESTS,
    zlib: sample.zlib / SAMPLE_REQUESTS,
    functions: sample.functions, // per sample, not per request
  };
}

async function instructionFigures(app: ChildProcess, sessions: Sessions, routes: Route[]): Promise<InstructionFigures> {
  const figures: InstructionFigures = {};
  let dumps = 0;
  for (const [name, target] of routes) {
    const request = countedRequest(sessions, target);
    await settle(app, name, request);
    figures[name] = [];
    for (let i = 0; i < SAMPLES; i++) figures[name].push(await countSample(app, name, request, ++dumps));
    // Counting stays on only for the samples: the next route's warm-up under it took 25 minutes, not 5.
    stopCounting(app.pid!);
  }
  return figures;
}

/** --paired: how long a sample goes on being counted after its last answer (an export interval, and a margin). */
const PAIRED_IDLE_MS = INSTRUCTIONS_EXPORT_INTERVAL_MS + 5000;

type PairedFigures = Record<string, { traced: CountedSample[]; untraced: CountedSample[] }>;

/**
 * --paired: what tracing a request costs, counted inside one process. Between two servers the count
 * differs by as much as the target (how far V8 has tiered each one up, see the README); here one
 * telemetry-on server at PAIRED_RATE is warmed up on all sessions, then counts samples of traced and of
 * untraced sessions in turn, in the order traced, untraced, untraced, traced, … so that a drift in
 * the server's count (still tiering up) falls on both alike. Each sample goes on being counted for an
 * export interval after its last answer (of either kind, so both count the same idle time): what a
 * traced sample queued leaves within it, where without the wait the interval's timer sent it during
 * whichever sample came next (a first run's health checks, 400 spans a sample, fewer than a batch:
 * every other sample held an export, traced or not, and the pairs cancelled it out). It leaves out
 * what telemetry costs a request it does not trace (the 10 % variant's ratio to "off" shows that).
 */
async function pairedFigures(app: ChildProcess, sessions: Sessions, routes: Route[]): Promise<PairedFigures> {
  const figures: PairedFigures = {};
  let dumps = 0;
  for (const [name, target] of routes) {
    await settle(app, name, countedRequest(sessions, target));
    const traced = countedRequest(sessions, target, TRACED);
    const untraced = countedRequest(sessions, target, UNTRACED);
    figures[name] = { traced: [], untraced: [] };
    for (let i = 0; i < 2 * SAMPLES; i++) {
      const kind = i % 4 === 0 || i % 4 === 3 ? "traced" : "untraced";
      figures[name][kind].push(await countSample(app, name, kind === "traced" ? traced : untraced, ++dumps, PAIRED_IDLE_MS));
    }
    stopCounting(app.pid!);
  }
  return figures;
}

/** Student's t at 97.5 % for 1–10 degrees of freedom (beyond: 2.2, right at 11, a little wide after): a 95 % interval from few pairs. */
const T_975 = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23];

/** Mean of `values` with the half-width of its 95 % interval (the values independent, about normal). */
function meanInterval(values: number[]): { mean: number; half: number } {
  const m = mean(values);
  const sd = Math.sqrt(values.reduce((sum, x) => sum + (x - m) ** 2, 0) / (values.length - 1));
  return { mean: m, half: ((T_975[values.length - 2] ?? 2.2) * sd) / Math.sqrt(values.length) };
}

/** Per pair (a traced sample and the untraced one beside it) and pooled: traced ÷ untraced, and what tracing adds. */
function buildPairedReport(byEngine: Partial<Record<Engine, PairedFigures>>): string {
  const lines = [
    `Paired count ${runStamp()} UTC, Node ${process.version}: one telemetry-on server at ${PAIRED_RATE * 100} %, ` +
      `${SAMPLES} samples each of traced and untraced sessions (${SAMPLE_REQUESTS} requests), in the order traced, untraced, untraced, traced, …, each counted until ${(PAIRED_IDLE_MS) / 1000} s after its last answer (so its exports leave within it); ` +
      "work added: the mean over pairs of traced − untraced, with its 95 % interval.",
    "",
    "| route | database | traced ÷ untraced, per pair | work, pooled | work + GC, pooled | work added per traced request | traced, per sample | untraced, per sample |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [engine, routes] of Object.entries(byEngine) as [Engine, PairedFigures][]) {
    for (const [route, { traced, untraced }] of Object.entries(routes)) {
      const pooled = (part: (x: InstructionSample) => number) => mean(traced.map(part)) / mean(untraced.map(part));
      const added = meanInterval(traced.map((x, i) => x.work - untraced[i]!.work));
      const list = (samples: CountedSample[]) => samples.map((x) => Math.round(x.work / 1000).toLocaleString("en-US")).join(" / ");
      lines.push(
        `| ${route} | ${ENGINE_LABEL[engine]} | ${spread(traced.map((x, i) => x.work / untraced[i]!.work), 3).text} | ${pooled((x) => x.work).toFixed(3)} | ${pooled((x) => x.work + x.gc).toFixed(3)} | ${thousands(added.mean)} ± ${thousands(added.half)} | ${list(traced)} k | ${list(untraced)} k |`,
      );
    }
  }
  return lines.join("\n");
}

// ── Browser figures ──────────────────────────────────────────────────────────

/**
 * tbt: total blocking time of the load; recorder: the blocking time of the long tasks that overlap
 * the recorder's start (its user-timing marks, telemetry on only; null when it did not finish in
 * the 3 s a load is watched).
 */
type PageFigures = { lcp: number; tbt: number; recorder: number | null };
type BrowserFigures = Record<string, PageFigures>;

async function browserFigures(cookieValue: string): Promise<BrowserFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking"],
  });
  const figures: BrowserFigures = {};
  try {
    for (const page of ["/", "/dashboard"]) {
      const samples: PageFigures[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext(); // cold: empty cache every load
        // A string, not a function: the page must not depend on how tsx compiles this file.
        await context.addInitScript(`
          Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false });
          window.__lcp = 0;
          window.__long = [];
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
            .observe({ type: "largest-contentful-paint", buffered: true });
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
            .observe({ type: "longtask", buffered: true });
        `);
        await context.addCookies([{ name: "session", value: cookieValue.split("=")[1]!, url: APP }]);
        const tab = await context.newPage();
        await tab.goto(`${APP}${page}`, { waitUntil: "load" });
        await tab.waitForTimeout(3000); // LCP settles; the recorder loads on idle (≤ 2 s) and takes its snapshot
        samples.push(
          (await tab.evaluate(`(() => {
            const blocking = (tasks) => tasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
            const start = performance.getEntriesByName(${JSON.stringify(RECORDER_MARKS.start)})[0];
            const ready = performance.getEntriesByName(${JSON.stringify(RECORDER_MARKS.ready)})[0];
            const recorder = start && ready
              ? blocking(window.__long.filter(([at, duration]) => at < ready.startTime && at + duration > start.startTime))
              : null;
            return { lcp: window.__lcp, tbt: blocking(window.__long), recorder };
          })()`)) as PageFigures,
        );
        await context.close();
      }
      const recorder = samples.flatMap((s) => (s.recorder === null ? [] : [s.recorder]));
      figures[page] = {
        lcp: median(samples.map((s) => s.lcp)),
        tbt: median(samples.map((s) => s.tbt)),
        recorder: recorder.length === samples.length ? median(recorder) : null,
      };
    }
  } finally {
    await browser.close();
  }
  return figures;
}

/** Instructions in thousands, as the reports print them: "6,528 k". */
const thousands = (n: number) => `${Math.round(n / 1000).toLocaleString("en-US")} k`;

/** When a report's run ended, to the minute (UTC). */
const runStamp = () => new Date().toISOString().slice(0, 16).replace("T", " ");

const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ── Run ──────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  if (INSTRUCTIONS && !hasValgrind()) throw new Error("--instructions needs valgrind (Debian: apt-get install valgrind)");
  for (const port of [APP_PORT, RECEIVER_PORT, STRIPE_PORT]) await assertPortFree(port); // before the build's minute
  if (!args["no-build"]) {
    console.log("bench: building (Highlight settings are read at start-up, so one build serves every variant)");
    const buildEnv = Object.fromEntries(Object.entries(baseEnv).filter(([key]) => !key.startsWith("NEXT_PUBLIC_"))) as NodeJS.ProcessEnv;
    execFileSync(bin("next"), ["build"], { cwd: root, env: buildEnv, stdio: "ignore" });
    execFileSync(bin("tsx"), ["scripts/postbuild.ts"], { cwd: root, env: buildEnv, stdio: "ignore" });
  }
  const routes = targets(createProjectActionId());

  // Own processes, so their work never runs on the load generator's event loop.
  const receiver = spawn(process.execPath, ["tools/telemetry-receiver/server.mjs"], {
    cwd: root,
    env: { ...process.env, TELEMETRY_PORT: String(RECEIVER_PORT), TELEMETRY_DIR: path.join(work, "telemetry"), TELEMETRY_ALLOWED_ORIGINS: APP },
    stdio: "ignore",
  });
  const stripe = spawn(process.execPath, ["tools/stripe-local/server.mjs"], {
    cwd: root,
    env: { ...process.env, STRIPE_LOCAL_PORT: String(STRIPE_PORT), STRIPE_WEBHOOK_URL: "off", STRIPE_LOCAL_STATE: path.join(work, "stripe.json") },
    stdio: "ignore",
  });
  await waitFor(`http://localhost:${RECEIVER_PORT}/api/health`);
  await waitFor(`http://localhost:${STRIPE_PORT}/_local/events`);

  const server = {} as Record<Engine, Record<Variant, ServerFigures[]>>;
  const browser: Partial<Record<Variant, BrowserFigures[]>> = { off: [], on: [] };
  const instructions = {} as Record<Engine, Partial<Record<Variant, InstructionFigures>>>;
  const paired: Partial<Record<Engine, PairedFigures>> = {};
  try {
    // --paired: one telemetry-on server per database, traced and untraced sessions in turn.
    for (const engine of PAIRED ? ENGINES : []) {
      const databaseUrl = await prepareDatabase(engine);
      process.stdout.write(`bench: ${engine}, instructions, one server at ${PAIRED_RATE * 100} %, traced and untraced sessions in turn … `);
      paired[engine] = await withApp("on", databaseUrl, routes, (app, sessions) => pairedFigures(app, sessions, routes));
      console.log("done");
    }
    // Instructions: one run per variant (its samples give the spread; the machine's noise does not enter).
    for (const engine of INSTRUCTIONS && !PAIRED ? ENGINES : []) {
      const databaseUrl = await prepareDatabase(engine);
      instructions[engine] = {};
      for (const variant of VARIANTS) {
        process.stdout.write(`bench: ${engine}, instructions, telemetry ${LABEL[variant]} … `);
        instructions[engine][variant] = await withApp(variant, databaseUrl, routes, (app, sessions) => instructionFigures(app, sessions, routes));
        const figures = Object.entries(instructions[engine][variant]!);
        console.log(`done: ${figures.map(([name, samples]) => `${name} ${samples.map((x) => Math.round(x.work / 1000)).join("/")} k`).join("; ")}`);
      }
    }
    for (const [e, engine] of (INSTRUCTIONS ? [] : ENGINES).entries()) {
      const databaseUrl = await prepareDatabase(engine);
      const figures = (server[engine] = Object.fromEntries(ALL_VARIANTS.map((v) => [v, [] as ServerFigures[]])) as Record<Variant, ServerFigures[]>);
      for (let round = 1; round <= ROUNDS; round++) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]!);
        for (const variant of order) {
          process.stdout.write(`bench: ${engine}, round ${round}/${ROUNDS}, telemetry ${LABEL[variant]} … `);
          const run = await withApp(variant, databaseUrl, routes, async (app, sessions) => {
            const measured = await serverFigures(app, sessions, routes);
            if (e === 0 && !args["no-browser"] && browser[variant]) browser[variant].push(await browserFigures(sessions.demo));
            return measured;
          });
          figures[variant].push(run);
          console.log(`done: ${Object.entries(run).map(([name, f]) => `${name} ${f.rps.toFixed(0)} req/s, ${f.cpuUs.toFixed(0)} µs`).join("; ")}`);
        }
      }
    }
  } finally {
    receiver.kill("SIGTERM");
    stripe.kill("SIGTERM");
    if (ENGINES.includes("postgresql") && !process.env.BENCH_DATABASE_URL) execFileSync(path.join(root, ".ci/postgres.sh"), ["stop", String(PG_PORT)]);
  }

  const report = PAIRED
    ? buildPairedReport(paired)
    : INSTRUCTIONS
      ? buildInstructionReport(instructions)
      : buildReport(server, args["no-browser"] ? {} : browser);
  console.log(`\n${report}`);
  if (JIT_NAMES && !PAIRED) console.log(`\n${functionReport(instructions)}`);
  if (args["write-readme"] && (args.routes || args.variants || NODE_FLAGS.length || PAIRED)) {
    console.log("bench: not writing the README from a probe (--routes / --variants / --node-flags / --paired)");
  } else if (args["write-readme"]) {
    const marker = INSTRUCTIONS ? "bench-instructions" : "bench";
    const readme = path.join(root, "README.md");
    const text = readFileSync(readme, "utf8");
    const block = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
    if (!block.test(text)) throw new Error(`README.md has no <!-- ${marker}:start --> … <!-- ${marker}:end --> block`);
    writeFileSync(readme, text.replace(block, () => `<!-- ${marker}:start -->\n${report}\n<!-- ${marker}:end -->`));
    console.log("bench: README table updated");
  }
}

function buildInstructionReport(byEngine: Record<Engine, Partial<Record<Variant, InstructionFigures>>>): string {
  const engines = Object.keys(byEngine) as Engine[];
  const lines = [
    `Run ${runStamp()} UTC, Node ${process.version}, valgrind's callgrind; ` +
      `per variant one server, a warm-up per route of at least ${INSTRUCTIONS_WARMUP_S} s and ${WARMUP_REQUESTS} requests, then one settling sample (not kept) and ${SAMPLES} samples of ${SAMPLE_REQUESTS} requests ` +
      `(4 connections), back to back; the export interval is ${INSTRUCTIONS_EXPORT_INTERVAL_MS / 1000} s, so batches leave when full (512), as at full speed. ` +
      `"Work" is every instruction the app's process executed per request except V8's garbage collection and ` +
      `optimising compiler (native functions both call counted for their callers, by callgrind's call graph), whose share ` +
      `depends on when they happen to run. Per sample: each sample against the median ` +
      `of "off", median (min–max); a sample holds a whole export or none, so these jump. Pooled: every counted request of ` +
      `the variant against every one of "off". Database: ${engines.map((engine) => ENGINE_LABEL[engine]).join(", then ")}.`,
    "",
    "| route | database | variant | work ÷ off, per sample | work ÷ off, pooled | work + GC ÷ off, pooled | work added per request (instructions) | of it, zlib (the export's gzip) | GC + compiler per request, variant vs off |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const engine of engines) {
    const runs = byEngine[engine];
    for (const route of Object.keys(runs.off ?? {})) {
      const off = runs.off![route]!;
      const offWork = median(off.map((x) => x.work));
      const offOther = median(off.map((x) => x.gc + x.jit));
      const offZlib = median(off.map((x) => x.zlib));
      // Pooled: every counted request of the variant over every one of "off" (samples are the same size).
      const pooled = (samples: InstructionSample[], part: (x: InstructionSample) => number) => mean(samples.map(part)) / mean(off.map(part));
      for (const variant of VARIANTS.filter((v) => v !== "off")) {
        const samples = runs[variant]?.[route];
        if (!samples) continue;
        const ratio = spread(samples.map((x) => x.work / offWork), 3);
        const added = samples.map((x) => x.work - offWork);
        const other = median(samples.map((x) => x.gc + x.jit));
        lines.push(
          `| ${route} | ${ENGINE_LABEL[engine]} | ${LABEL[variant]} | ${ratio.text} | ${pooled(samples, (x) => x.work).toFixed(3)} | ${pooled(samples, (x) => x.work + x.gc).toFixed(3)} | ${thousands(median(added))} (${thousands(Math.min(...added))} – ${thousands(Math.max(...added))}) | ${thousands(median(samples.map((x) => x.zlib)) - offZlib)} | ${thousands(other)} vs ${thousands(offOther)} |`,
        );
      }
      lines.push(`| ${route} | ${ENGINE_LABEL[engine]} | off (per request) | ${thousands(offWork)} of work | | | | ${thousands(offZlib)} | ${thousands(offOther)} |`);
    }
  }
  return lines.join("\n");
}

/** Per-round ratios (rounds pair up: round i of both variants), as "median (min–max)". */
function spread(values: number[], digits = 2): { median: number; text: string } {
  const m = median(values);
  return { median: m, text: `${m.toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` };
}

/** Each variant's target, on the median ratios to "off"; the A/A control has none. */
type VariantTarget = { target: string; holds?: (rps: number, p99: number) => boolean };
const EVERY_REQUEST_TRACED: VariantTarget = { target: "throughput ≥ 0.95, p99 ≤ 1.10", holds: (rps, p99) => rps >= 0.95 && p99 <= 1.1 };
const TARGETS: Record<Exclude<Variant, "off">, VariantTarget> = {
  on: EVERY_REQUEST_TRACED,
  production: { target: "throughput ≥ 0.98", holds: (rps) => rps >= 0.98 },
  down: { target: "throughput ≥ 0.95 (a dead backend costs no more)", holds: (rps) => rps >= 0.95 },
  control: { target: "none: the same server twice, so this spread is noise" },
  again: { target: "none: compare with \"on, 100 %\"; their difference is noise" },
  plain: EVERY_REQUEST_TRACED,
};

const ENGINE_LABEL: Record<Engine, string> = { embedded: "embedded (PGlite)", postgresql: "PostgreSQL server" };

function buildReport(byEngine: Record<Engine, Record<Variant, ServerFigures[]>>, browser: Partial<Record<Variant, BrowserFigures[]>>): string {
  const lines: string[] = [];
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  lines.push(
    `Run ${runStamp()} UTC on ${cpus} × ${cpu}, Node ${process.version}; ` +
      `${pinned ? "app pinned to CPU 0, load generator and receiver on the others" : "one CPU shared (not pinned)"}; ` +
      `${ROUNDS} interleaved rounds, ${DURATION} s × ${CONNECTIONS} connections per route after a warm-up of at least ${WARMUP} s and ${WARMUP_REQUESTS} requests. ` +
      `Ratios are medians over rounds (min–max); CPU added is the app's CPU time per request, variant − off. ` +
      `Database: ${ENGINES.map((engine) => ENGINE_LABEL[engine]).join(", then ")}.`,
    "",
    "| route | database | variant | throughput ÷ off | p99 ÷ off | CPU added per request (µs) | target | holds |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const engines = Object.keys(byEngine) as Engine[];
  const routes = Object.keys(byEngine[engines[0]!].off[0]!);
  for (const route of routes) {
    for (const engine of engines) {
      const server = byEngine[engine];
      for (const variant of VARIANTS.filter((v): v is Exclude<Variant, "off"> => v !== "off")) {
        const rounds = server[variant].map((figures, i) => ({ v: figures[route]!, off: server.off[i]![route]! }));
        const rps = spread(rounds.map((r) => r.v.rps / r.off.rps));
        const p99 = spread(rounds.map((r) => r.v.p99 / Math.max(r.off.p99, 1)));
        const cpuAdded = spread(
          rounds.map((r) => r.v.cpuUs - r.off.cpuUs),
          0,
        );
        const { target, holds } = TARGETS[variant];
        const verdict = holds ? (holds(rps.median, p99.median) ? "yes" : "**no**") : "—";
        lines.push(`| ${route} | ${ENGINE_LABEL[engine]} | ${LABEL[variant]} | ${rps.text} | ${p99.text} | ${cpuAdded.text} | ${target} | ${verdict} |`);
      }
    }
  }
  lines.push(
    "",
    "Raw medians per variant (req/s · p99 ms · CPU µs per request):",
    "",
    `| route | database | ${VARIANTS.map((v) => LABEL[v]).join(" | ")} |`,
    `| --- | --- |${VARIANTS.map(() => " --- |").join("")}`,
  );
  for (const route of routes) {
    for (const engine of engines) {
      const server = byEngine[engine];
      const cell = (v: Variant) =>
        `${median(server[v].map((f) => f[route]!.rps)).toFixed(0)} · ${median(server[v].map((f) => f[route]!.p99)).toFixed(0)} · ${median(server[v].map((f) => f[route]!.cpuUs)).toFixed(0)}`;
      lines.push(`| ${route} | ${ENGINE_LABEL[engine]} | ${VARIANTS.map(cell).join(" | ")} |`);
    }
  }
  if (browser.off?.length && browser.on?.length) {
    lines.push(
      "",
      "| page | LCP on ÷ off | TBT on − off (ms) | TBT while the recorder starts (ms) | target | holds |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const page of Object.keys(browser.off[0]!)) {
      const lcp = spread(browser.on.map((f, i) => f[page]!.lcp / Math.max(browser.off![i]![page]!.lcp, 1)));
      const tbt = spread(
        browser.on.map((f, i) => f[page]!.tbt - browser.off![i]![page]!.tbt),
        0,
      );
      const started = browser.on.flatMap((f) => (f[page]!.recorder === null ? [] : [f[page]!.recorder!]));
      const missed = browser.on.length - started.length;
      const recorder = `${started.length ? spread(started, 0).text : "—"}${missed ? ` (not started within 3 s in ${missed} of ${browser.on.length} rounds)` : ""}`;
      // The verdict uses on − off, which sees everything telemetry changes on the page, not only its start.
      const holds = lcp.median <= 1.05 && tbt.median <= 20;
      lines.push(`| ${page} | ${lcp.text} | ${tbt.text} | ${recorder} | LCP ≤ 1.05, TBT ≤ 20 ms | ${holds ? "yes" : "**no**"} |`);
    }
  }
  return lines.join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
