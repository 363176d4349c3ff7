// @ts-check
/**
 * Durable store: one NDJSON file per kind under the data directory, replayed into memory on
 * start, with in-memory indexes (sessions, spans and logs by trace) for fast reads, and
 * retention (an age and a size cap) so the directory cannot fill a disk.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SessionIndex } from "./views.mjs";

export const KINDS = /** @type {const} */ (["requests", "graphql", "spans", "logs", "metrics"]);
/** @typedef {typeof KINDS[number]} Kind */

export class Store {
  /**
   * @param {string} dir
   * @param {{ maxAgeMs?: number, maxBytes?: number }} [retention]
   */
  constructor(dir, { maxAgeMs = 24 * 3600_000, maxBytes = 200 * 2 ** 20 } = {}) {
    this.dir = dir;
    this.maxAgeMs = maxAgeMs;
    this.maxBytes = maxBytes;
    /** @type {Record<Kind, any[]>} */
    this.data = { requests: [], graphql: [], spans: [], logs: [], metrics: [] };
    this.sessions = new SessionIndex();
    /** @type {Map<string, any[]>} */
    this.spansByTrace = new Map();
    /** @type {Map<string, any[]>} */
    this.logsByTrace = new Map();
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
    this.prune();
  }

  /** @param {Kind} kind */
  file(kind) {
    return path.join(this.dir, `${kind}.ndjson`);
  }

  /** @param {Kind} kind @param {any} record */
  index(kind, record) {
    const byTrace = kind === "spans" ? this.spansByTrace : kind === "logs" ? this.logsByTrace : null;
    if (byTrace && record.traceId) {
      const list = byTrace.get(record.traceId);
      if (list) list.push(record);
      else byTrace.set(record.traceId, [record]);
    }
    if (kind === "graphql") this.sessions.apply(record);
  }

  reindex() {
    this.sessions.clear();
    this.spansByTrace.clear();
    this.logsByTrace.clear();
    for (const kind of KINDS) for (const record of this.data[kind]) this.index(kind, record);
  }

  /** @param {Kind} kind @param {any[]} records */
  append(kind, records) {
    if (!records.length) return;
    this.data[kind].push(...records);
    for (const record of records) this.index(kind, record);
    appendFileSync(this.file(kind), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  }

  bytes() {
    return KINDS.reduce((sum, kind) => sum + (existsSync(this.file(kind)) ? statSync(this.file(kind)).size : 0), 0);
  }

  /** Drops records older than the age cap, then the oldest ones while over the size cap; rewrites the files. */
  prune(now = Date.now()) {
    const cutoff = now - this.maxAgeMs;
    for (const kind of KINDS) this.data[kind] = this.data[kind].filter((record) => (record.ts ?? now) >= cutoff);
    let size = KINDS.reduce((sum, kind) => sum + this.data[kind].reduce((s, r) => s + JSON.stringify(r).length + 1, 0), 0);
    while (size > this.maxBytes) {
      // drop the oldest tenth of every kind, until under the cap
      for (const kind of KINDS) {
        const drop = this.data[kind].splice(0, Math.ceil(this.data[kind].length / 10));
        size -= drop.reduce((s, r) => s + JSON.stringify(r).length + 1, 0);
      }
    }
    for (const kind of KINDS) {
      writeFileSync(this.file(kind), this.data[kind].map((record) => JSON.stringify(record)).join("\n") + (this.data[kind].length ? "\n" : ""));
    }
    this.reindex();
  }

  reset() {
    for (const kind of KINDS) {
      this.data[kind] = [];
      rmSync(this.file(kind), { force: true });
    }
    this.reindex();
  }
}
