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
      command: "node tests/e2e/serve-app.mjs",
      url: `${E2E.appUrl}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
