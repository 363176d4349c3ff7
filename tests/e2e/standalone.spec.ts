/**
 * The container's server without Docker: the build's standalone output (BUILD_STANDALONE=true,
 * as in the Dockerfile) started as the image starts it, `node server.js` in its own folder with
 * the static files copied beside it, then the smoke journey in Chromium: health, sign-in, the
 * dashboard, a project created and deleted, and the page load's trace at the receiver.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import path from "node:path";
import { expect, sessionCookie, signIn, test } from "./fixtures";
import { E2E } from "./ports";
import { receiver } from "./receiver";
import { testDatabaseUrl } from "../support/test-database.mjs";

const PORT = 3104;
const APP = `http://localhost:${PORT}`;
const standalone = path.resolve(".next/standalone");
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  expect(existsSync(path.join(standalone, "server.js")), "the e2e build is a standalone build (serve-app.mjs)").toBe(true);
  cpSync(path.resolve(".next/static"), path.join(standalone, ".next/static"), { recursive: true }); // the Dockerfile's COPY
  server = spawn(process.execPath, ["server.js"], {
    cwd: standalone,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: testDatabaseUrl("e2e"),
      AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
      STRIPE_SECRET_KEY: "sk_test_e2e",
      STRIPE_WEBHOOK_SECRET: "whsec_e2e_secret",
      STRIPE_API_BASE: E2E.stripeUrl,
      NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "e2e-project",
      NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: `${E2E.receiverUrl}/public`,
      NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: E2E.receiverUrl,
      HIGHLIGHT_OTLP_ENDPOINT: E2E.receiverUrl,
    },
    stdio: "inherit",
  });
  await expect.poll(async () => (await fetch(`${APP}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

test.use({ baseURL: APP });

test("the standalone server serves the smoke journey, traced", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  let session = "";
  await expect.poll(async () => (session = await sessionCookie(page)), { timeout: 30_000 }).not.toBe("");

  const name = `Standalone ${Date.now()}`;
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  const list = page.getByRole("list", { name: "Projects" });
  await expect(list.getByText(name)).toBeVisible();
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(list.getByText(name)).toHaveCount(0);

  // instrumentation.ts ran in the standalone server: the action's span carries the browser session.
  await expect
    .poll(async () => (await receiver.spans({ name: "delete_project", sessionId: session })).length, { timeout: 30_000, intervals: [500, 1000] })
    .toBeGreaterThan(0);
});
