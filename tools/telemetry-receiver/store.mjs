// @ts-check
/** Durable store: one NDJSON file per kind under the data directory, replayed into memory on start. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

export const KINDS = /** @type {const} */ (["requests", "graphql", "spans", "logs", "metrics"]);
/** @typedef {typeof KINDS[number]} Kind */

export class Store {
  /** @param {string} dir */
  constructor(dir) {
    this.dir = dir;
    /** @type {Record<Kind, any[]>} */
    this.data = { requests: [], graphql: [], spans: [], logs: [], metrics: [] };
    mkdirSync(dir, { recursive: true });
    for (const kind of KINDS) {
      const file = this.file(kind);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line) continue;
        try {
          this.data[kind].push(JSON.parse(line));
        } catch {
          // a line cut short by a crash: skip it, keep the rest
        }
      }
    }
  }

  /** @param {Kind} kind */
  file(kind) {
    return path.join(this.dir, `${kind}.ndjson`);
  }

  /** @param {Kind} kind @param {any[]} records */
  append(kind, records) {
    if (!records.length) return;
    this.data[kind].push(...records);
    appendFileSync(this.file(kind), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  }

  reset() {
    for (const kind of KINDS) {
      this.data[kind] = [];
      rmSync(this.file(kind), { force: true });
    }
  }
}
