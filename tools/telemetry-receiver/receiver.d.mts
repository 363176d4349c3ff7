import type { Server } from "node:http";

type StoredRecord = { name?: string; body?: unknown; ts?: number; [key: string]: unknown };

export function createReceiver(options: {
  port?: number;
  host?: string;
  dir: string;
  sourceMapDir?: string;
  retention?: { maxAgeMs?: number; maxBytes?: number };
  log?: (line: string) => void;
  /** Token of the read API (default: random); the inspector page carries it. */
  token?: string;
  /** App origins whose pages may send browser telemetry. */
  allowedOrigins?: string[];
}): {
  server: Server;
  token: string;
  store: {
    data: Record<"requests" | "graphql" | "spans" | "logs" | "metrics", StoredRecord[]>;
    reset(): void;
    prune(now?: number): void;
  };
  listen(): Promise<unknown>;
  close(): Promise<void>;
};
