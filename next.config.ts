import type { NextConfig } from "next";
import { withHighlightConfig } from "@highlight-run/next/config";
import { parseEnvVars } from "./lib/env";
import { HSTS, STATIC_SECURITY_HEADERS } from "./lib/security-headers";

const { HIGHLIGHT_PROXY, BUILD_STANDALONE } = parseEnvVars(process.env, ["HIGHLIGHT_PROXY", "BUILD_STANDALONE"]);

const nextConfig: NextConfig = {
  // BUILD_STANDALONE=true (the Dockerfile): also a self-contained server in .next/standalone, run
  // with `node server.js` and only the traced node_modules.
  ...(BUILD_STANDALONE === "true" && { output: "standalone" as const }),
  // The Node SDK patches modules at load time, and PGlite loads its WebAssembly build from its package
  // folder: keep them out of the bundle, loaded by Node.
  serverExternalPackages: ["@highlight-run/node", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  poweredByHeader: false,
  // Browser source maps for readable stack traces. scripts/sourcemaps.ts (postbuild) moves them
  // out of the public folder and uploads them to Highlight when an API key is set.
  productionBrowserSourceMaps: true,
  typedRoutes: true,
  // On every response; the per-request Content-Security-Policy is set by proxy.ts.
  async headers() {
    const production = process.env.NODE_ENV === "production";
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS, ...(production ? [HSTS] : [])] }];
  },
};

// withHighlightConfig would otherwise rewrite /highlight-events to Highlight's retired cloud
// hosts (configureHighlightProxy defaults to true). It stays off unless HIGHLIGHT_PROXY=true.
export default withHighlightConfig(nextConfig, {
  configureHighlightProxy: HIGHLIGHT_PROXY === "true",
  uploadSourceMaps: false,
});
