/**
 * Stripe's hosted pages: Checkout (a team's first subscription) and the Customer Portal (change
 * plan, cancel). The user leaves the app for them; the telemetry anchor of the request that sent
 * them (browser session + trace) travels in the Checkout session's and the subscription's
 * metadata, so the webhooks that report the outcome continue the same session.
 */
import { requireRole } from "@/lib/auth/forbidden";
import type { SessionUser } from "@/lib/auth/session";
import { BillingError } from "@/lib/billing/errors";
import {
  anchorSubscription,
  createCheckoutSession,
  createPortalSession,
  ensureCustomerId,
  isResourceMissing,
  retrieveCheckoutSession,
  toBillingError,
} from "@/lib/billing/stripe-adapter";
import { db } from "@/lib/db";
import { anchorMetadata } from "@/lib/observability/server/anchor";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { recordActivity } from "@/lib/services/activity";
import { syncSubscription } from "@/lib/services/stripe-webhooks";
import { getSubscription, LIVE_STATUSES, type SubscriptionView } from "@/lib/services/subscriptions";

async function stripeCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    logger.error(`${what} failed`, { reason: error instanceof Error ? error.message : String(error) });
    throw toBillingError(error);
  }
}

/** Owners only: the URL of a hosted Checkout page for `planId`, for a team with no live subscription. */
export async function startCheckout(user: SessionUser, planId: string, origin: string): Promise<{ url: string }> {
  requireRole(user, "owner");
  return withSpan("start_checkout", { "team.id": user.teamId, "plan.id": planId }, async (span) => {
    const [team, plan] = await Promise.all([
      db.team.findUniqueOrThrow({ where: { id: user.teamId }, include: { subscription: true } }),
      db.plan.findUnique({ where: { id: planId } }),
    ]);
    if (!plan?.stripePriceId) throw new BillingError("not_purchasable", `The ${planId} plan cannot be bought.`);
    if (team.subscription && LIVE_STATUSES.includes(team.subscription.status)) {
      throw new BillingError("in_progress", "Your team already has a subscription: switch plans from the pricing page or the billing portal.");
    }
    const customerId = await stripeCall("stripe customer", () => ensureCustomerId({ ...team, email: user.email }));
    if (!team.stripeCustomerId) await db.team.update({ where: { id: team.id }, data: { stripeCustomerId: customerId } });
    const session = await stripeCall("stripe checkout", () =>
      createCheckoutSession({
        customerId,
        priceId: plan.stripePriceId!,
        teamId: team.id,
        planId: plan.id,
        successUrl: `${origin}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${origin}/pricing?checkout=cancelled`,
        anchor: anchorMetadata(),
      }),
    );
    span.setAttribute("stripe.checkout_session_id", session.id);
    await recordActivity({ teamId: team.id, userId: user.id, action: "start_checkout", detail: plan.name });
    logger.info("checkout started", { planId: plan.id, checkoutSessionId: session.id });
    if (!session.url) throw new BillingError("unavailable", "Stripe did not return a Checkout page. Try again in a minute.");
    return { url: session.url };
  });
}

export type CheckoutResult =
  | { status: "complete"; subscription: SubscriptionView | null }
  | { status: "open" | "expired" | "not_found" };

/**
 * The return from Checkout: Stripe's answer is read here (not waited for in a webhook), so the
 * page shows the new plan at once; the webhook then finds the row already current.
 */
export async function confirmCheckout(user: SessionUser, checkoutSessionId: string): Promise<CheckoutResult> {
  return withSpan("confirm_checkout", { "team.id": user.teamId, "stripe.checkout_session_id": checkoutSessionId }, async () => {
    const session = await retrieveCheckoutSession(checkoutSessionId).catch((error: unknown) => {
      if (isResourceMissing(error)) return null;
      throw toBillingError(error);
    });
    // Another team's session is nobody else's business: the same answer as a session that does not exist.
    if (!session || session.client_reference_id !== user.teamId) return { status: "not_found" };
    if (session.status !== "complete") return { status: session.status === "expired" ? "expired" : "open" };
    const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
    if (subscriptionId) await syncSubscription(subscriptionId);
    return { status: "complete", subscription: await getSubscription(user.teamId) };
  });
}

/** Owners only: the URL of the hosted Customer Portal, which comes back to `returnUrl`. */
export async function openBillingPortal(user: SessionUser, returnUrl: string): Promise<{ url: string }> {
  requireRole(user, "owner");
  return withSpan("open_billing_portal", { "team.id": user.teamId }, async () => {
    const team = await db.team.findUniqueOrThrow({ where: { id: user.teamId }, include: { subscription: true } });
    if (!team.stripeCustomerId) throw new BillingError("no_subscription", "Your team has no billing account yet: choose a plan first.");
    // Whatever the user does in the portal, its webhooks continue this session.
    if (team.subscription) await stripeCall("stripe anchor", () => anchorSubscription(team.subscription!.stripeSubscriptionId, anchorMetadata()));
    const session = await stripeCall("stripe portal", () => createPortalSession(team.stripeCustomerId!, returnUrl));
    await recordActivity({ teamId: team.id, userId: user.id, action: "open_billing_portal" });
    return { url: session.url };
  });
}
