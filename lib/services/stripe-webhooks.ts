/** Verified Stripe events applied to the database: idempotent, order-independent. */
import { cancelNow, isResourceMissing, retrieveSubscription } from "@/lib/billing/stripe-adapter";
import type { Stripe } from "@/lib/billing/stripe";
import { db, type Tx } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { recordActivity, type ActivityAction } from "@/lib/services/activity";
import { LIVE_STATUSES, rowFrom } from "@/lib/services/subscriptions";

export type WebhookOutcome = "applied" | "duplicate" | "stale" | "ignored" | "cancelled_extra";

/** What each handled event type adds to the team's activity log once applied. */
const ACTIVITY: Record<string, ActivityAction> = {
  "checkout.session.completed": "checkout_completed",
  "customer.subscription.created": "subscription_updated",
  "customer.subscription.updated": "subscription_updated",
  "customer.subscription.deleted": "subscription_updated",
  "invoice.paid": "payment_succeeded",
  "invoice.payment_failed": "payment_failed",
};

type Applied = "applied" | "stale" | "ignored" | "extra";

const customerOf = (s: Stripe.Subscription) => (typeof s.customer === "string" ? s.customer : s.customer.id);

/**
 * Brings the team's row to `subscription` (Stripe's current state). `eventAt` orders webhook
 * deliveries: an event older than the one last applied changes nothing. Without it (the return
 * from Checkout reads Stripe directly) the row is updated and the event order left as it was.
 */
async function applySubscription(
  tx: Tx,
  subscription: Stripe.Subscription,
  eventAt: Date | null,
): Promise<{ result: Applied; teamId?: string; planName?: string }> {
  const priceId = subscription.items.data[0]?.price.id;
  const plan = priceId ? await tx.plan.findUnique({ where: { stripePriceId: priceId } }) : null;
  const customerId = customerOf(subscription);
  const team = await tx.team.findFirst({
    where: { OR: [{ id: subscription.metadata?.teamId ?? "" }, { stripeCustomerId: customerId }] },
    include: { subscription: true },
  });
  if (!team || !plan) return { result: "ignored" };
  const row = team.subscription;
  if (eventAt && row?.stripeEventAt && row.stripeEventAt > eventAt) return { result: "stale", teamId: team.id };
  if (row && row.stripeSubscriptionId !== subscription.id && LIVE_STATUSES.includes(row.status)) {
    // A second live subscription for a team that already pays for one: an extra to cancel (at
    // Stripe, by the caller). A late event about an old, ended one must not replace the newer row.
    return { result: LIVE_STATUSES.includes(subscription.status) ? "extra" : "stale", teamId: team.id };
  }
  const data = { ...rowFrom(subscription, plan.id), ...(eventAt && { stripeEventAt: eventAt }) };
  await tx.subscription.upsert({ where: { teamId: team.id }, create: { teamId: team.id, ...data }, update: data });
  if (!team.stripeCustomerId) await tx.team.update({ where: { id: team.id }, data: { stripeCustomerId: customerId } });
  return { result: "applied", teamId: team.id, planName: plan.name };
}

/** Reads a subscription from Stripe, null when Stripe no longer has it (deleted test data, another account's). */
function fetchSubscription(subscriptionId: string): Promise<Stripe.Subscription | null> {
  return withSpan("stripe_retrieve_subscription", { "stripe.subscription_id": subscriptionId }, () =>
    retrieveSubscription(subscriptionId).catch((error: unknown) => {
      if (isResourceMissing(error)) return null;
      throw error;
    }),
  );
}

/** The return from Checkout: the team's row brought to Stripe's state now, without waiting for the webhook. */
export async function syncSubscription(subscriptionId: string): Promise<void> {
  const subscription = await fetchSubscription(subscriptionId);
  if (!subscription) return;
  const { result } = await db.$transaction((tx) => applySubscription(tx, subscription, null));
  if (result === "extra") logger.warn("checkout made a second live subscription; its webhook cancels it", { stripeSubscriptionId: subscription.id });
}

/**
 * Applies one verified Stripe event. The subscription is re-read from Stripe, so the row
 * always ends at Stripe's current state whatever order events arrive in; every event id is
 * recorded in the same transaction, so a repeated delivery is a no-op.
 */
export async function applyStripeEvent(event: {
  id: string;
  type: string;
  created: number;
  subscriptionId: string | null;
  /** Only the metadata changed (a telemetry anchor written before a change): nothing for the activity log. */
  metadataOnly?: boolean;
}): Promise<WebhookOutcome> {
  return withSpan("apply_stripe_event", { "stripe.event_id": event.id, "stripe.event_type": event.type }, async (span) => {
    if (await db.stripeEvent.findUnique({ where: { id: event.id } })) return outcome(span, "duplicate");
    if (!event.subscriptionId) {
      await recordEvent(event);
      return outcome(span, "ignored");
    }
    const subscription = await fetchSubscription(event.subscriptionId);
    if (!subscription) {
      await recordEvent(event);
      logger.warn("stripe event ignored: subscription not found at Stripe", { eventId: event.id, type: event.type });
      return outcome(span, "ignored");
    }

    const result = await db.$transaction(async (tx) => {
      try {
        await tx.stripeEvent.create({ data: { id: event.id, type: event.type } });
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return "duplicate" as const; // delivered twice at once
        throw error;
      }
      const applied = await applySubscription(tx, subscription, new Date(event.created * 1000));
      // The extra is cancelled below, at Stripe; the event is recorded once that worked, so a failure is delivered again.
      if (applied.result === "extra") await tx.stripeEvent.delete({ where: { id: event.id } });
      const action = ACTIVITY[event.type];
      if (applied.result === "applied" && applied.teamId && action && !event.metadataOnly) {
        const cancels = subscription.cancel_at_period_end ? ", cancels at period end" : "";
        await recordActivity({ teamId: applied.teamId, action, detail: `${applied.planName}: ${subscription.status}${cancels}`, address: false }, tx);
      }
      return applied.result;
    });
    if (result === "extra") {
      await withSpan("cancel_extra_subscription", { "stripe.subscription_id": subscription.id }, () => cancelNow(subscription.id));
      await recordEvent(event);
      logger.warn("extra live subscription cancelled", { eventId: event.id, stripeSubscriptionId: subscription.id, customerId: customerOf(subscription) });
      return outcome(span, "cancelled_extra");
    }
    logger.info("stripe event processed", { eventId: event.id, type: event.type, outcome: result });
    return outcome(span, result);
  });
}

async function recordEvent(event: { id: string; type: string }) {
  await db.stripeEvent.upsert({ where: { id: event.id }, create: { id: event.id, type: event.type }, update: {} });
}

function outcome(span: { setAttribute(key: string, value: string): unknown }, value: WebhookOutcome): WebhookOutcome {
  span.setAttribute("stripe.webhook_outcome", value);
  return value;
}
