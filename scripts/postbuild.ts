/**
 * After `next build` (npm's `postbuild`; the e2e server and the benchmark run it after their own
 * builds): the browser-bundle steps Next does not do itself, in this order, because the first
 * edits source maps that the second moves out of the public folder.
 */
import { addCompileHints } from "./compile-hints";
import { publishSourceMaps } from "./sourcemaps";

const marked = addCompileHints();
console.log(`compile hints: ${marked.length} chunk(s) of the Highlight SDK compiled eagerly (${marked.join(", ") || "none found"})`);
publishSourceMaps();
