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
    // apiRoute (lib/http.ts) is withHighlight around the product's expected-failure mapping (database busy → 503).
    rules: { "observability/route-handlers-wrapped": ["error", { wrappers: ["apiRoute"] }] },
  },
  {
    // lib/observability is a drop-in foundation: it depends on the env and its SDKs, never on the product.
    files: ["**/lib/observability/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "!@/lib/env", "!@/lib/observability", "@/app/*", "@/components/*", "../*"],
              message: "lib/observability must not depend on the product: only @/lib/env, its own modules and its SDKs.",
            },
          ],
        },
      ],
    },
  },
  {
    // shared/ runs in the browser, the edge proxy and Node alike.
    files: ["**/lib/observability/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "shared/ must stay edge- and browser-safe: no Node APIs." },
            {
              group: ["@/lib/*", "!@/lib/observability", "@/lib/observability/*", "!@/lib/observability/shared", "../*"],
              message: "shared/ imports nothing but other shared/ modules.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/lib/observability/browser/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "!@/lib/observability", "@/lib/observability/*", "!@/lib/observability/shared", "!@/lib/observability/browser", "../*"],
              message: "browser/ uses only shared/ and its own modules (never server code).",
            },
          ],
        },
      ],
    },
  },
  globalIgnores(["tests/fixtures/**", ".next/**", "generated/**", "node_modules/**", ".test/**", "test-results/**", "playwright-report/**", ".telemetry/**", "next-env.d.ts"]),
]);
