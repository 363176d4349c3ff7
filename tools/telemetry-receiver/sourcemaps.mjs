// @ts-check
/**
 * Resolves minified browser stack frames against the build's private source maps
 * (.next/sourcemaps, written by scripts/sourcemaps.ts), using Node's built-in SourceMap.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";

/** @typedef {{ fileName?: string, lineNumber?: number, columnNumber?: number, functionName?: string }} Frame */

/**
 * @param {string} dir holds the maps and index.json (bundle path under /_next/static/ → map path)
 */
export function createSourceMapResolver(dir) {
  /** @type {{ mtimeMs: number, index: Record<string, string> }} */
  let indexCache = { mtimeMs: -1, index: {} };
  function mapPathFor(/** @type {string} */ bundle) {
    const file = path.join(dir, "index.json");
    if (!existsSync(file)) return null;
    const { mtimeMs } = statSync(file);
    if (mtimeMs !== indexCache.mtimeMs) {
      try {
        indexCache = { mtimeMs, index: JSON.parse(readFileSync(file, "utf8")) };
      } catch {
        indexCache = { mtimeMs, index: {} };
      }
    }
    const relative = indexCache.index[bundle];
    return relative && !relative.includes("..") ? path.join(dir, relative) : null;
  }
  /** @type {Map<string, { mtimeMs: number, map: SourceMap | null }>} */
  const cache = new Map();

  /** @param {string} file */
  function load(file) {
    if (!existsSync(file)) return null;
    const { mtimeMs } = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.map;
    let map = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(file, "utf8")));
    } catch {
      map = null;
    }
    cache.set(file, { mtimeMs, map });
    return map;
  }

  /**
   * @param {Frame} frame
   * @returns {Frame & { original?: { file: string, line: number, column: number, name?: string } }}
   */
  return function resolve(frame) {
    if (!frame.fileName || !frame.lineNumber || !frame.columnNumber) return frame;
    let pathname;
    try {
      pathname = new URL(frame.fileName).pathname;
    } catch {
      return frame;
    }
    const marker = "/_next/static/";
    const at = pathname.indexOf(marker);
    if (at === -1) return frame;
    const mapFile = mapPathFor(decodeURIComponent(pathname.slice(at + marker.length)));
    const map = mapFile ? load(mapFile) : null;
    if (!map) return frame;
    const entry = /** @type {any} */ (map.findEntry(frame.lineNumber - 1, frame.columnNumber - 1));
    if (!entry || !entry.originalSource) return frame;
    const file = String(entry.originalSource)
      .replace(/^turbopack:\/\/\/(\[project\]\/)?/, "")
      .replace(/^webpack:\/\/(_N_E\/)?(\.\/)?/, "");
    return {
      ...frame,
      original: { file, line: entry.originalLine + 1, column: entry.originalColumn + 1, name: entry.name },
    };
  };
}
