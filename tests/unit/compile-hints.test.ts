import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT } from "@/scripts/compile-hints";

/** A fake build: one chunk of the SDK (a plain map), one with an index map, and one of the app. */
function build() {
  const root = mkdtempSync(path.join(tmpdir(), "hints-"));
  const chunks = path.join(root, ".next", "static", "chunks");
  mkdirSync(chunks, { recursive: true });
  const chunk = (name: string, map: object) => {
    writeFileSync(path.join(chunks, `${name}.js`), `console.log("${name}");\n//# sourceMappingURL=${name}.js.map`);
    writeFileSync(path.join(chunks, `${name}.js.map`), JSON.stringify(map));
  };
  chunk("sdk", { version: 3, sources: ["turbopack:///[project]/node_modules/highlight.run/dist/record.js"], mappings: "AAAA" });
  chunk("sdk-index", {
    version: 3,
    sections: [{ offset: { line: 0, column: 0 }, map: { version: 3, sources: ["[project]/node_modules/highlight.run/dist/index.js"], mappings: "AAAA" } }],
  });
  chunk("app", { version: 3, sources: ["turbopack:///[project]/app/page.tsx", "[project]/node_modules/react/index.js"], mappings: "AAAA" });
  const read = (file: string) => readFileSync(path.join(chunks, file), "utf8");
  return { root, read };
}

describe("compile hints for the Highlight SDK's chunks", () => {
  it("marks only chunks built from highlight.run, and shifts their source maps by the added line", () => {
    const { root, read } = build();
    expect(addCompileHints(root).sort()).toEqual([path.join("chunks", "sdk-index.js"), path.join("chunks", "sdk.js")]);
    expect(read("sdk.js").startsWith(COMPILE_HINT)).toBe(true);
    expect(JSON.parse(read("sdk.js.map")).mappings).toBe(";AAAA"); // generated line 2 is the old line 1
    expect(JSON.parse(read("sdk-index.js.map")).sections[0].offset).toEqual({ line: 1, column: 0 });
    expect(read("app.js").startsWith("console.log")).toBe(true);
    expect(JSON.parse(read("app.js.map")).mappings).toBe("AAAA");
  });

  it("is idempotent: a second run changes nothing", () => {
    const { root, read } = build();
    addCompileHints(root);
    const before = [read("sdk.js"), read("sdk.js.map")];
    expect(addCompileHints(root)).toEqual([]);
    expect([read("sdk.js"), read("sdk.js.map")]).toEqual(before);
  });
});
