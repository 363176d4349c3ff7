/**
 * Post-build step: marks the browser chunks that hold the Highlight SDK with V8's explicit compile
 * hint (`//# allFunctionsCalledOnLoad` as a file's first line, Chromium 136+; other engines ignore
 * the comment). The recorder calls most of its functions while it starts, and V8 would otherwise
 * compile each one lazily, on the main thread, on first call: that compile work made evaluating
 * rrweb's chunk a 45–55 ms task on first load. With the hint V8 compiles the chunk up front, on a
 * background thread while it streams in, and evaluation drops to about 35 ms (README, "What
 * telemetry costs"). Run before the source maps are moved, so each marked chunk's map is shifted
 * by the added line and stack frames still resolve.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";
const SDK_SOURCE = /(^|\/)node_modules\/highlight\.run\//;
const SOURCE_MAPPING_URL = /\/\/# sourceMappingURL=(\S+)\s*$/;

type SourceMap = { mappings?: string; sources?: string[]; sections?: { offset: { line: number; column: number }; map: SourceMap }[] };

const sourcesOf = (map: SourceMap): string[] => [...(map.sources ?? []), ...(map.sections ?? []).flatMap((section) => sourcesOf(section.map))];

/** The map as if one line had been inserted above the generated code. */
function shiftedByOneLine(map: SourceMap): SourceMap {
  if (map.sections) return { ...map, sections: map.sections.map((s) => ({ ...s, offset: { ...s.offset, line: s.offset.line + 1 } })) };
  return { ...map, mappings: `;${map.mappings ?? ""}` };
}

/** Adds the hint to every chunk under .next/static whose source map names a highlight.run module; returns the chunks it marked. */
export function addCompileHints(root = process.cwd()): string[] {
  const staticDir = path.join(root, ".next", "static");
  if (!existsSync(staticDir)) return [];
  const marked: string[] = [];
  for (const entry of readdirSync(staticDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const code = readFileSync(file, "utf8");
    const url = SOURCE_MAPPING_URL.exec(code)?.[1];
    if (!url || url.startsWith("data:") || code.startsWith(COMPILE_HINT)) continue;
    const mapFile = path.resolve(path.dirname(file), url);
    if (!existsSync(mapFile)) continue;
    const map = JSON.parse(readFileSync(mapFile, "utf8")) as SourceMap;
    if (!sourcesOf(map).some((source) => SDK_SOURCE.test(source))) continue;
    writeFileSync(file, COMPILE_HINT + code);
    writeFileSync(mapFile, JSON.stringify(shiftedByOneLine(map)));
    marked.push(path.relative(staticDir, file));
  }
  return marked;
}
