import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: { alias: { "@": root } },
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
          // A fresh, migrated and seeded SQLite file per run; see tests/support/integration-setup.ts.
          globalSetup: ["tests/support/integration-setup.ts"],
          env: {
            NODE_ENV: "test",
            DATABASE_URL: `file:${path.join(root, ".test", "integration.db")}`,
            AUTH_SECRET: "integration-test-secret-0123456789abcdef",
            NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "",
          },
          // One database file: run the files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
