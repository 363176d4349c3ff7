/**
 * Subscriptions: the showcase action. `createSubscription` is traced as
 * create_subscription → fetch_user → stripe_create_subscription → save_subscription,
 * so one click in the replay leads to a trace that shows the real work.
 * Stripe calls live in lib/billing/stripe-adapter.ts; webhooks in lib/services/stripe-webhooks.ts.
 */
import { BillingError } from "@/lib/billing/errors";
import { cancelAtPeriodEnd, changePlan, createStripeSubscription, ensureCustomer, periodEnd, toBillingError } from "@/lib/billing/stripe-adapter";
import { isTestMode, type Stripe, type TestCard } from "@/lib/billing/stripe";
import { db } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";

export const LIVE_STATUSES = ["active", "trialing", "past_due"];

export type SubscriptionView = {
  planId: string;
  status: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
};

const view = (s: { planId: string; status: string; currentPeriodEnd: Date; cancelAtPeriodEnd: boolean }): SubscriptionView => ({
  planId: s.planId,
  status: s.status,
  currentPeriodEnd: s.currentPeriodEnd.toISOString(),
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
});

/** The columns a Stripe subscription maps to. */
export function rowFrom(s: Stripe.Subscription, planId: string) {
  return {
    planId,
    stripeSubscriptionId: s.id,
    status: s.status,
    currentPeriodEnd: periodEnd(s),
    cancelAtPeriodEnd: s.cancel_at_period_end,
  };
}

/** The plan the user pays for now; everyone without a live subscription is on `free`. */
export async function currentPlanId(userId: string): Promise<string> {
  const subscription = await db.subscription.findUnique({ where: { userId }, select: { planId: true, status: true } });
  return subscription && LIVE_STATUSES.includes(subscription.status) ? subscription.planId : "free";
}

export async function getSubscription(userId: string): Promise<SubscriptionView | null> {
  const subscription = await db.subscription.findUnique({ where: { userId } });
  return subscription ? view(subscription) : null;
}

/**
 * Subscribes the user to a paid plan, or switches their live subscription to it.
 * `idempotencyKey` comes from the client (one per click intent), so a retried or doubled
 * click reaches Stripe with the same key and never creates two subscriptions.
 */
export async function createSubscription(
  userId: string,
  planId: string,
  options: { idempotencyKey?: string; testCard?: TestCard } = {},
): Promise<SubscriptionView> {
  return withSpan("create_subscription", { "user.id": userId, "plan.id": planId }, async (span) => {
    try {
      const { user, plan, current } = await withSpan("fetch_user", { "user.id": userId }, async () => {
        const [user, plan] = await Promise.all([
          db.user.findUniqueOrThrow({ where: { id: userId }, include: { subscription: true } }),
          db.plan.findUnique({ where: { id: planId } }),
        ]);
        return { user, plan, current: user.subscription };
      });
      if (!plan?.stripePriceId) throw new BillingError("not_purchasable", `The ${planId} plan cannot be bought.`);
      if (options.testCard && !isTestMode()) throw new BillingError("not_purchasable", "Test cards only work with Stripe test keys.");
      const priceId = plan.stripePriceId;

      const subscription = await withSpan(
        "stripe_create_subscription",
        { "plan.id": planId, "stripe.price_id": priceId, "stripe.customer_id": user.stripeCustomerId ?? "new" },
        async (stripeSpan) => {
          const key = options.idempotencyKey ?? `${current?.stripeSubscriptionId ?? "first"}:${priceId}:${options.testCard ?? "card"}`;
          const customerId = await ensureCustomer(user, options.testCard, key);
          stripeSpan.setAttribute("stripe.customer_id", customerId);
          const live = current && LIVE_STATUSES.includes(current.status) ? current : null;
          const result = live
            ? await changePlan(live.stripeSubscriptionId, priceId, key)
            : await createStripeSubscription({ customerId, priceId, userId, planId }, key);
          stripeSpan.setAttributes({ "stripe.subscription_id": result.id, "stripe.status": result.status });
          return { result, customerId };
        },
      );

      const saved = await withSpan("save_subscription", { "stripe.subscription_id": subscription.result.id }, () =>
        db.$transaction(async (tx) => {
          await tx.user.update({ where: { id: userId }, data: { stripeCustomerId: subscription.customerId } });
          return tx.subscription.upsert({
            where: { userId },
            create: { userId, ...rowFrom(subscription.result, planId) },
            update: rowFrom(subscription.result, planId),
          });
        }),
      );
      span.setAttribute("subscription.status", saved.status);
      logger.info("subscription created", { planId, stripeSubscriptionId: saved.stripeSubscriptionId, status: saved.status });
      return view(saved);
    } catch (error) {
      const failure = toBillingError(error);
      logger.error("subscription failed", { planId, failure: failure.failure, reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
  });
}

/** Cancels at the end of the paid period (the user keeps the plan until then). */
export async function cancelSubscription(userId: string): Promise<SubscriptionView> {
  return withSpan("cancel_subscription", { "user.id": userId }, async () => {
    const current = await db.subscription.findUnique({ where: { userId } });
    if (!current || !LIVE_STATUSES.includes(current.status)) throw new BillingError("no_subscription", "You have no active subscription to cancel.");
    let result: Stripe.Subscription;
    try {
      result = await cancelAtPeriodEnd(current.stripeSubscriptionId);
    } catch (error) {
      const failure = toBillingError(error);
      logger.error("cancel failed", { reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
    const saved = await db.subscription.update({ where: { userId }, data: rowFrom(result, current.planId) });
    logger.info("subscription set to cancel at period end", { stripeSubscriptionId: saved.stripeSubscriptionId });
    return view(saved);
  });
}
