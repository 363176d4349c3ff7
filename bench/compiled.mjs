// Runs a bench entry (TypeScript) compiled as the app's server code is compiled by Next.js: function
// names are left as written. tsx, which runs the other scripts, compiles with esbuild's `keepNames`,
// which wraps every function created at run time (each closure a request makes) in a call that
// defines its `name`: under a CPU profile about 0.5 µs per request in the pipeline's own closures,
// a cost the app built by Next does not pay. The bundle is written under node_modules/.cache, so its
// packages resolve from the project's node_modules.
//   node --import=./tests/support/server-modules.mjs bench/compiled.mjs bench/decompose.ts [args…]
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error("usage: node bench/compiled.mjs <entry.ts> [args…]");
const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "node_modules/.cache/bench");
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(entry, ".ts")}.mjs`);
await build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true, // the project's own modules, with the tsconfig's `@/` paths
  packages: "external", // npm packages load from node_modules as they do in the app
  platform: "node",
  format: "esm",
  target: `node${process.versions.node}`,
  sourcemap: "inline",
  logLevel: "warning",
  plugins: [
    {
      // Next.js has no "exports" map: `next/server` resolves only for require, not for Node's ESM loader.
      name: "next-subpaths",
      setup: (b) => b.onResolve({ filter: /^next\// }, (args) => ({ path: createRequire(import.meta.url).resolve(args.path), external: true })),
    },
  ],
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
