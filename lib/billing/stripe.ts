/**
 * The one Stripe client. STRIPE_API_BASE points the real SDK at another origin (the local
 * Stripe server in development and tests); unset in production, it talks to Stripe itself.
 */
import Stripe from "stripe";
import { env } from "@/lib/env";

export type { Stripe };

const globalForStripe = globalThis as unknown as { stripe?: Stripe };

function createStripe(): Stripe {
  const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
  const base = STRIPE_API_BASE ? new URL(STRIPE_API_BASE) : undefined;
  return new Stripe(STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2, // the SDK retries connection errors and 409s with the same idempotency key
    timeout: 10_000,
    appInfo: { name: "acme-cloud-highlight-starter" },
    ...(base && {
      protocol: base.protocol.replace(":", "") as "http" | "https",
      host: base.hostname,
      port: base.port || (base.protocol === "https:" ? 443 : 80),
    }),
  });
}

export function stripe(): Stripe {
  globalForStripe.stripe ??= createStripe();
  return globalForStripe.stripe;
}

/** Test-mode keys accept Stripe's test payment methods (pm_card_visa, pm_card_chargeDeclined, …). */
export const isTestMode = () => /^(sk|rk)_test_/.test(env().STRIPE_SECRET_KEY);

export const TEST_CARDS = {
  visa: "pm_card_visa",
  declined: "pm_card_chargeDeclined",
} as const;
export type TestCard = keyof typeof TEST_CARDS;
