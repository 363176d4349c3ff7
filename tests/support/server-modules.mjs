// Loaded with `--import` by test scripts that run the app's server modules outside Next.js (the soak
// and the telemetry probe): `server-only` / `client-only` are markers Next resolves per bundle; here
// every module may load, so they resolve to an empty module (as tests/support/empty-module.ts does under Vitest).
import { registerHooks } from "node:module";

const empty = "data:text/javascript,export{}";
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "server-only" || specifier === "client-only") return { url: empty, format: "module", shortCircuit: true };
    return next(specifier, context);
  },
});
