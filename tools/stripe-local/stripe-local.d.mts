import type { Server } from "node:http";

export type StripeServerOptions = {
  port?: number;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  webhookUrl?: string;
  webhookSecret: string;
  /** price id → monthly amount in cents */
  prices: Record<string, number>;
  /** price id → the plan name the hosted pages show (default: the price id) */
  priceNames?: Record<string, string>;
  stateFile?: string;
  log?: (line: string) => void;
};

export function createStripeServer(options: StripeServerOptions): {
  server: Server;
  listen(): Promise<unknown>;
  close(): Promise<void>;
  drained(): Promise<void>;
};
