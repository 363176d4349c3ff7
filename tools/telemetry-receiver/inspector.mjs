// @ts-check
/** Serves the inspector UI (static files, no build step) and the rrweb player it uses. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (/** @type {string} */ relative) => fileURLToPath(new URL(relative, import.meta.url));

/** URL path → [file, content type]. Nothing else is served: no directory traversal possible. */
const FILES = {
  "/inspector/": [here("./inspector/index.html"), "text/html; charset=utf-8"],
  "/inspector/app.js": [here("./inspector/app.js"), "text/javascript; charset=utf-8"],
  "/inspector/app.css": [here("./inspector/app.css"), "text/css; charset=utf-8"],
  "/inspector/vendor/rrweb-player.js": [here("../../node_modules/rrweb-player/dist/rrweb-player.umd.min.cjs"), "text/javascript; charset=utf-8"],
  "/inspector/vendor/rrweb-player.css": [here("../../node_modules/rrweb-player/dist/style.css"), "text/css; charset=utf-8"],
};

/**
 * @param {import("node:http").ServerResponse} res @param {string} pathname
 * @param {string} token the read API's token, handed to the inspector page (same origin only: no CORS, no framing)
 */
export function serveInspector(res, pathname, token) {
  const entry = FILES[/** @type {keyof typeof FILES} */ (pathname)];
  if (!entry || !existsSync(entry[0])) {
    res.writeHead(404, { "content-type": "text/plain" }).end(entry ? "Missing file: run npm install (rrweb-player)." : "Not found");
    return;
  }
  let body = readFileSync(entry[0]);
  if (pathname === "/inspector/") body = Buffer.from(body.toString("utf8").replace("__RECEIVER_TOKEN__", token));
  res
    .writeHead(200, {
      "content-type": entry[1],
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    })
    .end(body);
}
