/** Seed data, shared with tests. Stripe price ids can be overridden to match a real Stripe account. */
import { isEmbeddedUrl } from "../lib/db-adapter";
import { parseEnvVars } from "../lib/env";

const prices = parseEnvVars(process.env, ["STRIPE_PRICE_PRO", "STRIPE_PRICE_TEAM"]);

export const PLANS = [
  {
    id: "free",
    name: "Free",
    description: "For trying things out.",
    priceCents: 0,
    stripePriceId: null,
    features: ["3 projects", "Community support"],
  },
  {
    id: "pro",
    name: "Pro",
    description: "For professionals shipping every day.",
    priceCents: 1900,
    stripePriceId: prices.STRIPE_PRICE_PRO ?? "price_pro_monthly",
    features: ["Unlimited projects", "Session replay", "Email support"],
  },
  {
    id: "team",
    name: "Team",
    description: "For teams that debug together.",
    priceCents: 4900,
    stripePriceId: prices.STRIPE_PRICE_TEAM ?? "price_team_monthly",
    features: ["Everything in Pro", "Shared dashboards", "Priority support"],
  },
] as const;

export const DEMO_USER = {
  email: "demo@example.com",
  password: "demo1234",
  name: "Demo User",
  teamName: "Demo Team",
  projects: [
    { name: "Marketing site", description: "Public website and blog." },
    { name: "Mobile app", description: "iOS and Android clients." },
  ],
} as const;

/**
 * The demo account has a published password: it is only ever created in a local development or test
 * database (the embedded one, or a server on this machine), never when NODE_ENV=production or the
 * database is remote, whatever command runs the seed (npm ci's postinstall included).
 */
export function demoAccountAllowed(nodeEnv: string | undefined, databaseUrl: string): boolean {
  return nodeEnv !== "production" && (isEmbeddedUrl(databaseUrl) || isLoopback(databaseUrl));
}

function isLoopback(databaseUrl: string): boolean {
  const { hostname } = new URL(databaseUrl);
  return ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}
