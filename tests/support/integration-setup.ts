/**
 * Integration test stack: a fresh database (embedded, or on TEST_DATABASE_URL's server) made by
 * the project's own migrate and seed scripts, and the local Stripe server (webhooks are delivered
 * by the tests themselves, so they can replay, duplicate and reorder them). The embedded database
 * is hosted here, in the runner's process, for the whole run: each test file's worker connects to it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { isEmbeddedUrl } from "../../lib/db-adapter";
import { embeddedDataDir, openEmbeddedDatabase } from "../../lib/embedded-database";
import { createStripeServer } from "../../tools/stripe-local/stripe-local.mjs";
import { INTEGRATION } from "./integration-env";
import { recreateTestDatabase } from "./test-database.mjs";

export default async function setup(): Promise<() => Promise<void>> {
  mkdirSync(".test", { recursive: true });
  await recreateTestDatabase(INTEGRATION.databaseUrl);
  const env = { ...process.env, DATABASE_URL: INTEGRATION.databaseUrl };
  execFileSync("node_modules/.bin/tsx", ["scripts/db.ts", "deploy"], { env, stdio: "inherit" });
  execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { env, stdio: "inherit" });
  const embedded = isEmbeddedUrl(INTEGRATION.databaseUrl) ? await openEmbeddedDatabase(embeddedDataDir(INTEGRATION.databaseUrl)) : null;

  const stripe = createStripeServer({
    port: INTEGRATION.stripePort,
    webhookSecret: INTEGRATION.webhookSecret,
    prices: { price_pro_monthly: 1900, price_team_monthly: 4900 },
    priceNames: { price_pro_monthly: "Pro", price_team_monthly: "Team" },
  });
  await stripe.listen();
  return async () => {
    await stripe.close();
    await embedded?.close();
  };
}
