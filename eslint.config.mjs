import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import observability from "./eslint-rules/observability.mjs";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // The review rules of docs/observability-review.md that a machine can check.
    plugins: { observability },
    rules: {
      "observability/server-actions-wrapped": "error",
      "observability/span-names": "error",
      "observability/no-secret-logging": "error",
    },
  },
  {
    files: ["**/app/**/route.ts"],
    rules: { "observability/route-handlers-wrapped": "error" },
  },
  globalIgnores(["tests/fixtures/**", ".next/**", "generated/**", "node_modules/**", ".test/**", "test-results/**", "playwright-report/**", ".telemetry/**", "next-env.d.ts"]),
]);
