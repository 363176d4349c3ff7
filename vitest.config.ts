import { defineConfig } from "vitest/config";
import { INTEGRATION } from "./tests/support/integration-env.ts";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Next.js resolves these markers per bundle; in tests every module may load.
      "server-only": `${root}/tests/support/empty-module.ts`,
      "client-only": `${root}/tests/support/empty-module.ts`,
    },
  },
  test: {
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".test/vitest.json" }]] : ["default"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // A fresh, migrated and seeded database per run; see tests/support/integration-setup.ts.
          globalSetup: ["tests/support/integration-setup.ts"],
          env: {
            NODE_ENV: "test",
            DATABASE_URL: INTEGRATION.databaseUrl,
            AUTH_SECRET: "integration-test-secret-0123456789abcdef",
            STRIPE_SECRET_KEY: "sk_test_integration",
            STRIPE_WEBHOOK_SECRET: INTEGRATION.webhookSecret,
            STRIPE_API_BASE: INTEGRATION.stripeUrl,
            NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "",
            // As behind one proxy: RouteClient's `ip` arrives as the X-Forwarded-For entry the proxy appended.
            TRUSTED_PROXY_HOPS: "1",
          },
          // One database: run the files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
