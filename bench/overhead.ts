/**
 * `npm run bench`: what Highlight costs this app, measured, not assumed.
 *
 * One production build, started with telemetry off and on (and with the backend down, slow,
 * failing), interleaved in one run. Server: throughput and p50/p99 latency with autocannon.
 * Browser: LCP, total blocking time and first-load JS over cold loads in Chromium.
 * Prints every ratio with its target; `--write-readme` puts the table in the README.
 *
 * Each round runs the variants in a rotated order, so slow drift (thermal, page cache, GC of the
 * load generator) does not always land on the same variant; the medians over rounds are reported.
 *
 *   npm run bench [-- --rounds 3 --duration 8 --warmup 3 --loads 5 --no-build --write-readme]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    duration: { type: "string", default: "8" },
    loads: { type: "string", default: "5" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    "no-build": { type: "boolean" },
    "write-readme": { type: "boolean" },
  },
});
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const LOADS = Number(args.loads);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);

const APP_PORT = 3200;
const RECEIVER_PORT = 4340;
const STRIPE_PORT = 12140;
const APP = `http://localhost:${APP_PORT}`;
const CLOSED = "http://localhost:9"; // nothing listens on the discard port

type Variant = "off" | "on" | "down" | "slow" | "failing";
const VARIANTS: Variant[] = ["off", "on", "down", "slow", "failing"];

const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "bench-"));
const databaseUrl = `file:${path.join(work, "bench.db")}`;
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  MALLOC_ARENA_MAX: "2", // as `npm start`
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
  STRIPE_SECRET_KEY: "sk_test_bench",
  STRIPE_WEBHOOK_SECRET: "whsec_bench",
  STRIPE_API_BASE: `http://localhost:${STRIPE_PORT}`,
  LOG_LEVEL: "info",
};

function envFor(variant: Variant): NodeJS.ProcessEnv {
  const endpoint = variant === "down" ? CLOSED : `http://localhost:${RECEIVER_PORT}`;
  return {
    ...baseEnv,
    PORT: String(APP_PORT),
    NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: variant === "off" ? "" : "bench",
    NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: `${endpoint}/public`,
    NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: endpoint,
    HIGHLIGHT_OTLP_ENDPOINT: endpoint,
  };
}

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

async function startApp(variant: Variant): Promise<ChildProcess> {
  const child = spawn(bin("next"), ["start", "--port", String(APP_PORT)], { cwd: root, env: envFor(variant), stdio: "ignore" });
  await waitFor(`${APP}/api/health`);
  return child;
}

async function stopApp(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function signIn(): Promise<string> {
  const res = await fetch(`${APP}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "demo@example.com", password: "demo1234" }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

type ServerFigures = Record<string, { rps: number; p50: number; p99: number }>;

async function serverFigures(cookie: string): Promise<ServerFigures> {
  const targets = {
    "GET /api/health": { url: `${APP}/api/health` },
    "GET /dashboard": { url: `${APP}/dashboard`, headers: { cookie } },
    "POST /api/subscriptions": {
      url: `${APP}/api/subscriptions`,
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ planId: "pro" }),
    },
  };
  const figures: ServerFigures = {};
  for (const [name, target] of Object.entries(targets)) {
    // Warm-up at full load: each variant starts a fresh server, and telemetry-on has more code for V8
    // to optimise; without this the first seconds of JIT warm-up land in the "on" figures.
    await autocannon({ ...target, connections: CONNECTIONS, duration: WARMUP });
    const result = await autocannon({ ...target, connections: CONNECTIONS, duration: DURATION });
    figures[name] = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  }
  return figures;
}

type BrowserFigures = Record<string, { lcp: number; tbt: number; jsKiB: number; allJsKiB: number }>;

async function browserFigures(cookieValue: string): Promise<BrowserFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  const figures: BrowserFigures = {};
  try {
    for (const page of ["/", "/dashboard"]) {
      const samples: { lcp: number; tbt: number; js: number; allJs: number }[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext(); // cold: empty cache every load
        // A string, not a function: the page must not depend on how tsx compiles this file.
        await context.addInitScript(`
          Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false });
          window.__lcp = 0;
          window.__tbt = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
            .observe({ type: "largest-contentful-paint", buffered: true });
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tbt += Math.max(0, e.duration - 50); })
            .observe({ type: "longtask", buffered: true });
        `);
        await context.addCookies([{ name: "session", value: cookieValue.split("=")[1]!, url: APP }]);
        const tab = await context.newPage();
        // Script bytes on the wire (gzip), from the network layer: the recorder clears the page's
        // resource timings, so the Performance API cannot be trusted for this.
        const scripts: Promise<number>[] = [];
        let loaded = false;
        const firstLoad: Promise<number>[] = [];
        tab.on("requestfinished", (request) => {
          if (request.resourceType() !== "script") return;
          const size = request.sizes().then((s) => s.responseBodySize);
          scripts.push(size);
          if (!loaded) firstLoad.push(size);
        });
        await tab.goto(`${APP}${page}`, { waitUntil: "load" });
        loaded = true;
        await tab.waitForTimeout(1500); // let LCP settle and the post-hydration recorder load
        const vitals = (await tab.evaluate(`({ lcp: window.__lcp, tbt: window.__tbt })`)) as { lcp: number; tbt: number };
        const sum = async (list: Promise<number>[]) => (await Promise.all(list)).reduce((a, b) => a + b, 0);
        samples.push({ ...vitals, js: await sum(firstLoad), allJs: await sum(scripts) });
        await context.close();
      }
      figures[page] = {
        lcp: median(samples.map((s) => s.lcp)),
        tbt: median(samples.map((s) => s.tbt)),
        jsKiB: median(samples.map((s) => s.js)) / 1024,
        allJsKiB: median(samples.map((s) => s.allJs)) / 1024,
      };
    }
  } finally {
    await browser.close();
  }
  return figures;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  if (!args["no-build"]) {
    console.log("bench: building (Highlight settings are read at start-up, so one build serves every variant)");
    const buildEnv = Object.fromEntries(Object.entries(baseEnv).filter(([key]) => !key.startsWith("NEXT_PUBLIC_"))) as NodeJS.ProcessEnv;
    execFileSync(bin("next"), ["build"], { cwd: root, env: buildEnv, stdio: "ignore" });
    execFileSync(bin("tsx"), ["scripts/sourcemaps.ts"], { cwd: root, env: buildEnv, stdio: "ignore" });
  }
  execFileSync(bin("tsx"), ["scripts/db.ts", "deploy"], { cwd: root, env: baseEnv, stdio: "ignore" });
  execFileSync(bin("tsx"), ["prisma/seed.ts"], { cwd: root, env: baseEnv, stdio: "ignore" });

  // Own processes, so their work never runs on the load generator's event loop.
  const receiver = spawn(process.execPath, ["tools/telemetry-receiver/server.mjs"], {
    cwd: root,
    env: { ...process.env, TELEMETRY_PORT: String(RECEIVER_PORT), TELEMETRY_DIR: path.join(work, "telemetry") },
    stdio: "ignore",
  });
  const stripe = spawn(process.execPath, ["tools/stripe-local/server.mjs"], {
    cwd: root,
    env: { ...process.env, STRIPE_LOCAL_PORT: String(STRIPE_PORT), STRIPE_WEBHOOK_URL: "off", STRIPE_LOCAL_STATE: path.join(work, "stripe.json") },
    stdio: "ignore",
  });
  await waitFor(`http://localhost:${RECEIVER_PORT}/api/health`);
  await waitFor(`http://localhost:${STRIPE_PORT}/_local/events`);
  const setFault = (mode: string, delayMs = 0) =>
    fetch(`http://localhost:${RECEIVER_PORT}/api/fault`, { method: "POST", body: JSON.stringify({ mode, delayMs }) });

  const server: Record<Variant, ServerFigures[]> = { off: [], on: [], down: [], slow: [], failing: [] };
  const browser: Record<Variant, BrowserFigures[]> = { off: [], on: [], down: [], slow: [], failing: [] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]!);
      for (const variant of order) {
        await setFault(variant === "slow" ? "slow" : variant === "failing" ? "error" : "none", variant === "slow" ? 10_000 : 0);
        process.stdout.write(`bench: round ${round}/${ROUNDS}, telemetry ${variant} … `);
        const app = await startApp(variant);
        try {
          const cookie = await signIn();
          server[variant].push(await serverFigures(cookie));
          browser[variant].push(await browserFigures(cookie));
        } finally {
          await stopApp(app);
        }
        console.log("done");
      }
    }
  } finally {
    await setFault("none");
    receiver.kill("SIGTERM");
    stripe.kill("SIGTERM");
  }

  const report = buildReport(server, browser);
  console.log(`\n${report}`);
  if (args["write-readme"]) {
    const readme = path.join(root, "README.md");
    const text = readFileSync(readme, "utf8");
    const replaced = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${report}\n<!-- bench:end -->`);
    writeFileSync(readme, replaced);
    console.log("bench: README table updated");
  }
}

type Row = { what: string; value: string; target: string; holds: boolean };

function buildReport(server: Record<Variant, ServerFigures[]>, browser: Record<Variant, BrowserFigures[]>): string {
  const avg = <T>(list: T[], pick: (item: T) => number) => median(list.map(pick));
  const rows: Row[] = [];
  const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
  const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "∞");

  for (const endpoint of Object.keys(server.off[0]!)) {
    const pick = (variant: Variant, key: "rps" | "p99") => avg(server[variant], (f) => f[endpoint]![key]);
    const rps = ratio(pick("on", "rps"), pick("off", "rps"));
    const p99 = ratio(pick("on", "p99"), pick("off", "p99"));
    rows.push({ what: `server ${endpoint}: throughput on/off`, value: fmt(rps), target: "≥ 0.95", holds: rps >= 0.95 });
    rows.push({ what: `server ${endpoint}: p99 on/off`, value: fmt(p99), target: "≤ 1.10", holds: p99 <= 1.1 });
    for (const bad of ["down", "slow", "failing"] as const) {
      const badRps = ratio(pick("on", "rps"), pick(bad, "rps")); // healthy ÷ broken: > 1 means the broken backend costs throughput
      const badP99 = ratio(pick(bad, "p99"), pick("on", "p99"));
      rows.push({ what: `server ${endpoint}: backend ${bad}, throughput healthy/${bad}`, value: fmt(badRps), target: "≤ 1.02", holds: badRps <= 1.02 });
      rows.push({ what: `server ${endpoint}: backend ${bad}, p99 ${bad}/healthy`, value: fmt(badP99), target: "≤ 1.02", holds: badP99 <= 1.02 });
    }
  }
  for (const page of Object.keys(browser.off[0]!)) {
    const pick = (variant: Variant, key: "lcp" | "tbt" | "jsKiB") => avg(browser[variant], (f) => f[page]![key]);
    const lcp = ratio(pick("on", "lcp"), pick("off", "lcp"));
    const addedJs = pick("on", "jsKiB") - pick("off", "jsKiB");
    rows.push({ what: `browser ${page}: LCP on/off`, value: fmt(lcp), target: "≤ 1.05", holds: lcp <= 1.05 });
    rows.push({ what: `browser ${page}: TBT on − off (ms)`, value: (pick("on", "tbt") - pick("off", "tbt")).toFixed(0), target: "(reported)", holds: true });
    rows.push({ what: `browser ${page}: first-load JS added (KiB gzip)`, value: addedJs.toFixed(1), target: "≤ 150", holds: addedJs <= 150 });
    for (const bad of ["down", "slow", "failing"] as const) {
      const badLcp = ratio(pick(bad, "lcp"), pick("on", "lcp"));
      rows.push({ what: `browser ${page}: backend ${bad}, LCP ${bad}/healthy`, value: fmt(badLcp), target: "≤ 1.02", holds: badLcp <= 1.02 });
    }
  }
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const header = `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${ROUNDS} interleaved rounds, ${DURATION} s × ${CONNECTIONS} connections per endpoint after a ${WARMUP} s warm-up, ${LOADS} cold loads per page (medians).`;
  const table = [
    "| measure | value | target | holds |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.target} | ${r.holds ? "yes" : "**no**"} |`),
  ];
  const raw = [
    "",
    "Raw medians (off / on / down / slow / failing):",
    "",
    "| measure | off | on | down | slow | failing |",
    "| --- | --- | --- | --- | --- | --- |",
    ...Object.keys(server.off[0]!).flatMap((endpoint) =>
      (["rps", "p50", "p99"] as const).map(
        (key) => `| ${endpoint} ${key === "rps" ? "req/s" : `${key} ms`} | ${VARIANTS.map((v) => avg(server[v], (f) => f[endpoint]![key]).toFixed(1)).join(" | ")} |`,
      ),
    ),
    ...Object.keys(browser.off[0]!).flatMap((page) =>
      (["lcp", "tbt", "jsKiB", "allJsKiB"] as const).map(
        (key) => `| ${page} ${key === "jsKiB" ? "first-load JS KiB (gzip)" : key === "allJsKiB" ? "all JS within 1.5 s of load, KiB (gzip, incl. the lazy recorder)" : `${key.toUpperCase()} ms`} | ${VARIANTS.map((v) => avg(browser[v], (f) => f[page]![key]).toFixed(1)).join(" | ")} |`,
      ),
    ),
  ];
  return [header, "", ...table, ...raw].join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
