// Builds and starts the app for the end-to-end tests, with the telemetry receiver and the local
// Stripe server on test ports. Run by playwright.config.ts.
//   node tests/e2e/serve-app.mjs                          fresh database, build, start on 3100
//   node tests/e2e/serve-app.mjs --reuse --port 3101 --telemetry-off
//                                                         the same build, started with Highlight off
//   node tests/e2e/serve-app.mjs --reuse --port 3102 --sample-rate 0
//                                                         the same build, every session sampled out
//   node tests/e2e/serve-app.mjs --reuse --port 3103 --serverless
//                                                         the same build, exporting after every response
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { recreateTestDatabase, testDatabaseUrl } from "../support/test-database.mjs";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "3100" },
    reuse: { type: "boolean" },
    "telemetry-off": { type: "boolean" },
    "sample-rate": { type: "string", default: "1" },
    serverless: { type: "boolean" },
  },
});
const root = path.resolve(import.meta.dirname, "../..");
const dir = path.join(root, ".test");

const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  MALLOC_ARENA_MAX: "2", // as `npm start`
  PORT: args.port,
  DATABASE_URL: testDatabaseUrl("e2e"), // embedded, or on TEST_DATABASE_URL's server
  AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
  STRIPE_SECRET_KEY: "sk_test_e2e",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e_secret",
  STRIPE_API_BASE: "http://localhost:12112",
  NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: args["telemetry-off"] ? "" : "e2e-project",
  NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: "http://localhost:4319/public",
  NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: "http://localhost:4319",
  HIGHLIGHT_OTLP_ENDPOINT: "http://localhost:4319",
  APP_VERSION: "e2e",
  // The activity log links each entry to the receiver's inspector.
  TELEMETRY_LINK_TEMPLATE: "http://localhost:4319/inspector/#/{kind}/{id}",
  HIGHLIGHT_SAMPLE_RATE: args["sample-rate"],
  HIGHLIGHT_SERVERLESS: args.serverless ? "true" : "false",
  // As behind one load balancer that appends the client's address; the browser tests send none ("unknown").
  TRUSTED_PROXY_HOPS: "1",
  LOG_LEVEL: args.serverless ? "debug" : "info", // debug: says when the export after a response is done
};

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (cmd, argv, runEnv = env) => execFileSync(cmd, argv, { cwd: root, env: runEnv, stdio: "inherit" });
const buildEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("NEXT_PUBLIC_")));

if (!args.reuse) {
  mkdirSync(dir, { recursive: true });
  await recreateTestDatabase(env.DATABASE_URL);
  run(bin("tsx"), ["scripts/db.ts", "deploy"]);
  // A test database: seeded as such (with NODE_ENV=production the seed never creates the demo account).
  run(bin("tsx"), ["prisma/seed.ts"], { ...env, NODE_ENV: "test" });
  // Built without Highlight settings: they are read at start-up, so one build serves on and off.
  // Standalone as in the Dockerfile: `next start` serves the build as usual, and
  // tests/e2e/standalone.spec.ts runs .next/standalone/server.js as the image does.
  run(bin("next"), ["build"], { ...buildEnv, BUILD_STANDALONE: "true" });
  run(bin("tsx"), ["scripts/postbuild.ts"]); // what npm's postbuild does after `npm run build`
}

const app = spawn(bin("next"), ["start", "--port", args.port], { cwd: root, env, stdio: "inherit" });
const stop = () => app.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
app.on("exit", (code) => process.exit(code ?? 0));
