/**
 * Integration test stack: a fresh SQLite database made by the project's own migrate and
 * seed scripts, and the local Stripe server (webhooks are delivered by the tests themselves,
 * so they can replay, duplicate and reorder them).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createStripeServer } from "../../tools/stripe-local/stripe-local.mjs";
import { INTEGRATION } from "./integration-env";

export default async function setup(): Promise<() => Promise<void>> {
  const dir = path.resolve(".test");
  mkdirSync(dir, { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(dir, `integration.db${suffix}`), { force: true });
  const env = { ...process.env, DATABASE_URL: INTEGRATION.databaseUrl };
  execFileSync("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env, stdio: "inherit" });
  execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { env, stdio: "inherit" });

  const stripe = createStripeServer({
    port: INTEGRATION.stripePort,
    webhookSecret: INTEGRATION.webhookSecret,
    prices: { price_pro_monthly: 1900, price_team_monthly: 4900 },
  });
  await stripe.listen();
  return () => stripe.close();
}
