/**
 * End-to-end tests in real Chromium against a production build (next build + next start).
 * Chromium comes from the OS (Debian: apt-get install -y chromium); Playwright's own
 * browser download is not needed. Everything runs on test ports, so `npm run dev` can stay up.
 */
import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/e2e/ports";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1, // one app server on a 2-core machine
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".test/playwright.json" }]] : [["list"]],
  use: {
    baseURL: E2E.appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      // Fresh telemetry store per run: the tests read what it received.
      command: "rm -rf .test/telemetry && node tools/telemetry-receiver/server.mjs",
      url: `${E2E.receiverUrl}/api/health`,
      env: {
        TELEMETRY_PORT: "4319",
        TELEMETRY_DIR: ".test/telemetry",
        TELEMETRY_TOKEN: E2E.receiverToken,
        TELEMETRY_ALLOWED_ORIGINS: [E2E.appUrl, E2E.appOffUrl, E2E.appSampledOutUrl].join(","),
      },
      reuseExistingServer: false,
    },
    {
      command: "rm -f .test/stripe-e2e.json && node tools/stripe-local/server.mjs",
      url: `${E2E.stripeUrl}/_local/events`,
      env: {
        STRIPE_LOCAL_PORT: "12112",
        STRIPE_WEBHOOK_URL: `${E2E.appUrl}/api/stripe/webhook`,
        STRIPE_WEBHOOK_SECRET: "whsec_e2e_secret",
        STRIPE_LOCAL_STATE: ".test/stripe-e2e.json",
      },
      reuseExistingServer: false,
    },
    {
      command: "node tests/e2e/serve-app.mjs",
      url: `${E2E.appUrl}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // The same build, started with NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID empty: telemetry off.
      command: "node tests/e2e/serve-app.mjs --reuse --port 3101 --telemetry-off",
      url: `${E2E.appOffUrl}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // The same build with HIGHLIGHT_SAMPLE_RATE=0: every browser session is sampled out.
      command: "node tests/e2e/serve-app.mjs --reuse --port 3102 --sample-rate 0",
      url: `${E2E.appSampledOutUrl}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
  ],
});
