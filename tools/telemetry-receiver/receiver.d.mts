import type { Server } from "node:http";

type StoredRecord = { name?: string; body?: unknown; ts?: number; [key: string]: unknown };

export function createReceiver(options: {
  port?: number;
  host?: string;
  dir: string;
  sourceMapDir?: string;
  retention?: { maxAgeMs?: number; maxBytes?: number };
  log?: (line: string) => void;
}): {
  server: Server;
  store: {
    data: Record<"requests" | "graphql" | "spans" | "logs" | "metrics", StoredRecord[]>;
    reset(): void;
    prune(now?: number): void;
  };
  listen(): Promise<unknown>;
  close(): Promise<void>;
};
