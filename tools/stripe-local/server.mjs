#!/usr/bin/env node
// @ts-check
// Starts the local Stripe-compatible server: `npm run stripe` (also part of `npm run dev`).
//   STRIPE_LOCAL_PORT       port (default 12111; the app's STRIPE_API_BASE default points here)
//   STRIPE_WEBHOOK_URL      where signed webhooks go (default http://localhost:3000/api/stripe/webhook; "off" to disable)
//   STRIPE_WEBHOOK_SECRET   signing secret (default: the app's development default)
//   STRIPE_PRICE_PRO/TEAM   price ids of the paid plans (defaults match the seed)
//   STRIPE_LOCAL_STATE      state file (default .stripe-local/state.json)
//   STRIPE_LOCAL_HOST       interface to listen on (default 127.0.0.1: loopback only)
import "dotenv/config";
import path from "node:path";
import { createStripeServer } from "./stripe-local.mjs";

const port = Number(process.env.STRIPE_LOCAL_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_WEBHOOK_URL ?? "http://localhost:3000/api/stripe/webhook";
const host = process.env.STRIPE_LOCAL_HOST || "127.0.0.1";
const stripe = createStripeServer({
  port,
  host,
  webhookUrl: webhookUrl === "off" ? undefined : webhookUrl,
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || "whsec_local_development_secret",
  prices: {
    [process.env.STRIPE_PRICE_PRO || "price_pro_monthly"]: 1900,
    [process.env.STRIPE_PRICE_TEAM || "price_team_monthly"]: 4900,
  },
  priceNames: {
    [process.env.STRIPE_PRICE_PRO || "price_pro_monthly"]: "Pro",
    [process.env.STRIPE_PRICE_TEAM || "price_team_monthly"]: "Team",
  },
  stateFile: path.resolve(process.env.STRIPE_LOCAL_STATE ?? ".stripe-local/state.json"),
  log: (line) => console.log(`stripe-local: ${line}`),
});

try {
  await stripe.listen();
  console.log(`local Stripe API on http://${host}:${port}, webhooks → ${webhookUrl}`);
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  console.error(code === "EADDRINUSE" ? `stripe-local: port ${port} is in use (set STRIPE_LOCAL_PORT)` : error);
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stripe.close().then(() => process.exit(0)));
