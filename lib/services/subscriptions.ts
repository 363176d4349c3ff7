/**
 * Subscriptions: the showcase action. `createSubscription` is traced as
 * create_subscription → fetch_user → stripe_create_subscription → save_subscription,
 * so one click in the replay leads to a trace that shows the real work.
 * Stripe calls live in lib/billing/stripe-adapter.ts; webhooks in lib/services/stripe-webhooks.ts.
 */
import { requireRole } from "@/lib/auth/forbidden";
import type { SessionUser } from "@/lib/auth/session";
import { BillingError } from "@/lib/billing/errors";
import {
  cancelAtPeriodEnd,
  changePlan,
  createStripeSubscription,
  ensureCustomer,
  periodEnd,
  toBillingError,
} from "@/lib/billing/stripe-adapter";
import { isTestMode, type Stripe, type TestCard } from "@/lib/billing/stripe";
import { db } from "@/lib/db";
import { anchorMetadata } from "@/lib/observability/server/anchor";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { recordActivity } from "@/lib/services/activity";

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

/** The plan the team pays for now; every team without a live subscription is on `free`. */
export async function currentPlanId(teamId: string): Promise<string> {
  const subscription = await db.subscription.findUnique({ where: { teamId }, select: { planId: true, status: true } });
  return subscription && LIVE_STATUSES.includes(subscription.status) ? subscription.planId : "free";
}

export async function getSubscription(teamId: string): Promise<SubscriptionView | null> {
  const subscription = await db.subscription.findUnique({ where: { teamId } });
  return subscription ? view(subscription) : null;
}

/** How long a plan change may hold the user's billing lock (a crashed instance's lock expires). */
const LOCK_MS = 60_000;
/** The user gets an answer within this, whatever Stripe does (its SDK alone may retry for 30 s). */
export const BILLING_DEADLINE_MS = 15_000;

/**
 * Answers within `ms`: past it the user is told the truth (the outcome is not known yet), while the
 * work goes on under the lock and the webhook brings the result.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BillingError(
            "timed_out",
            "Billing is taking longer than usual, so we cannot tell yet whether the change went through. Your plan will show the result within a minute; please don't pay again meanwhile.",
          ),
        ),
      ms,
    );
  });
  work.catch(() => {}); // settled later, after the deadline answered: already logged where it failed
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** How long a purchase waits for another one of the same user to finish before answering "in progress". */
const LOCK_WAIT_MS = 10_000;

/**
 * One plan change per team at a time, across every app instance: the lock is a row whose primary
 * key is the team id. A second concurrent purchase (a double click, another tab, another owner)
 * waits for the first and then runs against the subscription it made, so it changes that
 * one instead of creating a second; after LOCK_WAIT_MS it answers "in progress".
 */
export async function withBillingLock<T>(teamId: string, fn: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const now = new Date();
    // ON CONFLICT DO NOTHING: a held lock is an answer (0 rows), not an error, so waiting costs
    // no exception and leaves no failed span per attempt in the trace.
    const [, taken] = await db.$transaction([
      db.billingLock.deleteMany({ where: { teamId, expiresAt: { lt: now } } }),
      db.billingLock.createMany({ data: [{ teamId, expiresAt: new Date(now.getTime() + LOCK_MS) }], skipDuplicates: true }),
    ]);
    if (taken.count === 1) break;
    if (Date.now() > giveUpAt) {
      throw new BillingError("in_progress", "A change to your team's plan is already in progress. Wait a moment, then check your plan.");
    }
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
  }
  try {
    return await fn();
  } finally {
    await db.billingLock.deleteMany({ where: { teamId } });
  }
}

/**
 * Subscribes the user's team to a paid plan, or switches its live subscription to it (owners only).
 * Under the team's billing lock; Stripe is called with a key made on the server from the team and
 * the intent (after which subscription, which price, which card), so a retried or doubled click, or
 * a retry after the lock expired, reaches Stripe as the same request. (A client Idempotency-Key is
 * still accepted by the API; the server's key already covers what it was for.)
 */
export async function createSubscription(
  user: SessionUser,
  planId: string,
  options: { idempotencyKey?: string; testCard?: TestCard } = {},
): Promise<SubscriptionView> {
  requireRole(user, "owner");
  return withSpan("create_subscription", { "user.id": user.id, "team.id": user.teamId, "plan.id": planId }, async (span) => {
    try {
      return await withDeadline(
        withBillingLock(user.teamId, () => subscribeLocked(span, user, planId, options)),
        BILLING_DEADLINE_MS,
      );
    } catch (error) {
      const failure = toBillingError(error);
      logger.error("subscription failed", { planId, failure: failure.failure, reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
  });
}

async function subscribeLocked(
  span: { setAttribute(key: string, value: string): unknown },
  user: SessionUser,
  planId: string,
  options: { testCard?: TestCard },
): Promise<SubscriptionView> {
  const { team, plan, current } = await withSpan("fetch_user", { "user.id": user.id, "team.id": user.teamId }, async () => {
    const [team, plan] = await Promise.all([
      db.team.findUniqueOrThrow({ where: { id: user.teamId }, include: { subscription: true } }),
      db.plan.findUnique({ where: { id: planId } }),
    ]);
    return { team, plan, current: team.subscription };
  });
  if (!plan?.stripePriceId) throw new BillingError("not_purchasable", `The ${planId} plan cannot be bought.`);
  if (options.testCard && !isTestMode()) throw new BillingError("not_purchasable", "Test cards only work with Stripe test keys.");
  const priceId = plan.stripePriceId;

  const subscription = await withSpan(
    "stripe_create_subscription",
    { "plan.id": planId, "stripe.price_id": priceId, "stripe.customer_id": team.stripeCustomerId ?? "new" },
    async (stripeSpan) => {
      // The intent, as the server sees it: after which subscription, to which price, with which card.
      const key = `${current?.stripeSubscriptionId ?? "first"}:${priceId}:${options.testCard ?? "card"}`;
      const customerId = await ensureCustomer({ ...team, email: user.email }, options.testCard, key);
      stripeSpan.setAttribute("stripe.customer_id", customerId);
      const live = current && LIVE_STATUSES.includes(current.status) ? current : null;
      // The webhooks a change causes continue this request's session and trace (lib/observability/server/anchor.ts).
      const result = live
        ? await changePlan(live.stripeSubscriptionId, priceId, key, anchorMetadata())
        : await createStripeSubscription({ customerId, priceId, teamId: team.id, planId }, key);
      stripeSpan.setAttributes({ "stripe.subscription_id": result.id, "stripe.status": result.status });
      return { result, customerId };
    },
  );

  const saved = await withSpan("save_subscription", { "stripe.subscription_id": subscription.result.id }, () =>
    db.$transaction(async (tx) => {
      await tx.team.update({ where: { id: team.id }, data: { stripeCustomerId: subscription.customerId } });
      await recordActivity({ teamId: team.id, userId: user.id, action: "change_plan", detail: plan.name }, tx);
      return tx.subscription.upsert({
        where: { teamId: team.id },
        create: { teamId: team.id, ...rowFrom(subscription.result, planId) },
        update: rowFrom(subscription.result, planId),
      });
    }),
  );
  span.setAttribute("subscription.status", saved.status);
  logger.info("subscription created", { planId, stripeSubscriptionId: saved.stripeSubscriptionId, status: saved.status });
  return view(saved);
}

/** Cancels at the end of the paid period (the team keeps the plan until then). Owners only. */
export async function cancelSubscription(user: SessionUser): Promise<SubscriptionView> {
  requireRole(user, "owner");
  return withSpan("cancel_subscription", { "user.id": user.id, "team.id": user.teamId }, async () => {
    const current = await db.subscription.findUnique({ where: { teamId: user.teamId } });
    if (!current || !LIVE_STATUSES.includes(current.status)) throw new BillingError("no_subscription", "You have no active subscription to cancel.");
    let result: Stripe.Subscription;
    try {
      result = await cancelAtPeriodEnd(current.stripeSubscriptionId, anchorMetadata());
    } catch (error) {
      const failure = toBillingError(error);
      logger.error("cancel failed", { reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
    const saved = await db.$transaction(async (tx) => {
      await recordActivity({ teamId: user.teamId, userId: user.id, action: "cancel_subscription" }, tx);
      return tx.subscription.update({ where: { teamId: user.teamId }, data: rowFrom(result, current.planId) });
    });
    logger.info("subscription set to cancel at period end", { stripeSubscriptionId: saved.stripeSubscriptionId });
    return view(saved);
  });
}
