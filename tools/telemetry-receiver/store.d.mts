import type { SessionIndex } from "./views.mjs";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- records are decoded telemetry JSON of any shape
type StoredRecord = Record<string, any>;
type Kind = "requests" | "graphql" | "spans" | "logs" | "metrics";

export class Store {
  constructor(dir: string, retention?: { maxAgeMs?: number; maxBytes?: number });
  data: Record<Kind, StoredRecord[]>;
  sessions: SessionIndex;
  spansByTrace: Map<string, StoredRecord[]>;
  logsByTrace: Map<string, StoredRecord[]>;
  append(kind: Kind, records: StoredRecord[]): void;
  prune(now?: number): void;
  reset(): void;
  bytes(): number;
}
