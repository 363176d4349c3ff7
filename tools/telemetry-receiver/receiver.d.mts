import type { Server } from "node:http";

export function createReceiver(options: { port?: number; host?: string; dir: string; sourceMapDir?: string; log?: (line: string) => void }): {
  server: Server;
  store: { data: Record<"requests" | "graphql" | "spans" | "logs" | "metrics", Array<{ name?: string; body?: unknown; [key: string]: unknown }>>; reset(): void };
  listen(): Promise<unknown>;
  close(): Promise<void>;
};
