/**
 * Post-build step (run by scripts/postbuild.ts): keeps browser source maps private
 * and puts them where they are useful.
 *  1. Moves every .map file out of .next/static (which `next start` serves publicly) into
 *     .next/sourcemaps, keeping relative paths, drops the sourceMappingURL comments that would
 *     point browsers at them, and writes index.json (bundle path → map path: Turbopack names a
 *     map after its own hash, not the bundle's). The local telemetry receiver reads them there to
 *     resolve minified stack frames.
 *  2. When HIGHLIGHT_SOURCEMAP_API_KEY is set, uploads them with @highlight-run/sourcemap-uploader
 *     (works for Turbopack builds, unlike withHighlightConfig's webpack plugin); otherwise skips.
 */
import "dotenv/config";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnvVars } from "../lib/env";

export const STATIC_DIR = path.join(".next", "static");
export const SOURCEMAP_DIR = path.join(".next", "sourcemaps");

const SOURCE_MAPPING_URL = /\n?(?:\/\/# sourceMappingURL=(\S+)|\/\*# sourceMappingURL=(\S+) \*\/)\s*$/;

function filesEndingWith(dir: string, suffixes: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix)))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Moves the maps and indexes them; returns how many maps moved. */
export function moveSourceMaps(root = process.cwd()): number {
  const staticDir = path.join(root, STATIC_DIR);
  const target = path.join(root, SOURCEMAP_DIR);
  const maps = filesEndingWith(staticDir, [".map"]);
  if (maps.length === 0) return 0; // already moved (a second run), or the build made none
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const index: Record<string, string> = {};
  for (const bundle of filesEndingWith(staticDir, [".js", ".css"])) {
    const text = readFileSync(bundle, "utf8");
    const match = SOURCE_MAPPING_URL.exec(text);
    const url = match?.[1] ?? match?.[2];
    if (!url || url.startsWith("data:")) continue;
    const map = path.resolve(path.dirname(bundle), url);
    index[path.relative(staticDir, bundle)] = path.relative(staticDir, map);
    writeFileSync(bundle, text.slice(0, match!.index)); // browsers would only get a 404 for it
  }
  for (const file of maps) {
    const destination = path.join(target, path.relative(staticDir, file));
    mkdirSync(path.dirname(destination), { recursive: true });
    renameSync(file, destination);
  }
  writeFileSync(path.join(target, "index.json"), JSON.stringify(index, null, 2));
  return maps.length;
}

export function publishSourceMaps(): void {
  const count = moveSourceMaps();
  console.log(`sourcemaps: moved ${count} browser source maps to ${SOURCEMAP_DIR} (not served publicly)`);
  const {
    HIGHLIGHT_SOURCEMAP_API_KEY: apiKey,
    HIGHLIGHT_SOURCEMAP_BACKEND_URL: backendUrl,
    APP_VERSION,
  } = parseEnvVars(process.env, ["HIGHLIGHT_SOURCEMAP_API_KEY", "HIGHLIGHT_SOURCEMAP_BACKEND_URL", "APP_VERSION"]);
  if (!apiKey) {
    console.log("sourcemaps: HIGHLIGHT_SOURCEMAP_API_KEY is not set, so nothing is uploaded");
    return;
  }
  const cli = path.join("node_modules", "@highlight-run", "sourcemap-uploader", "dist", "index.js");
  execFileSync(
    process.execPath,
    [
      cli,
      "upload",
      "--apiKey",
      apiKey,
      "--appVersion",
      APP_VERSION,
      "--path",
      SOURCEMAP_DIR,
      "--basePath",
      "_next/static/",
      ...(backendUrl ? ["--backendUrl", backendUrl] : []),
    ],
    { stdio: "inherit" },
  );
}
