/** Verified Stripe events applied to the database: idempotent, order-independent. */
import { cancelNow, retrieveSubscription } from "@/lib/billing/stripe-adapter";
import { db } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { LIVE_STATUSES, rowFrom } from "@/lib/services/subscriptions";

export type WebhookOutcome = "applied" | "duplicate" | "stale" | "ignored" | "cancelled_extra";

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
}): Promise<WebhookOutcome> {
  return withSpan("apply_stripe_event", { "stripe.event_id": event.id, "stripe.event_type": event.type }, async (span) => {
    if (await db.stripeEvent.findUnique({ where: { id: event.id } })) return outcome(span, "duplicate");
    if (!event.subscriptionId) {
      await recordEvent(event);
      return outcome(span, "ignored");
    }
    const subscription = await withSpan("stripe_retrieve_subscription", { "stripe.subscription_id": event.subscriptionId }, () =>
      retrieveSubscription(event.subscriptionId!).catch((error: unknown) => {
        // Stripe no longer has it (deleted test data, another account's object): nothing to apply, ever.
        if ((error as { code?: string }).code === "resource_missing") return null;
        throw error;
      }),
    );
    if (!subscription) {
      await recordEvent(event);
      logger.warn("stripe event ignored: subscription not found at Stripe", { eventId: event.id, type: event.type });
      return outcome(span, "ignored");
    }
    const priceId = subscription.items.data[0]?.price.id;
    const plan = priceId ? await db.plan.findUnique({ where: { stripePriceId: priceId } }) : null;
    const customerId = typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
    const eventAt = new Date(event.created * 1000);

    const result = await db.$transaction(async (tx) => {
      try {
        await tx.stripeEvent.create({ data: { id: event.id, type: event.type } });
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return "duplicate" as const; // delivered twice at once
        throw error;
      }
      const user = await tx.user.findFirst({
        where: { OR: [{ id: subscription.metadata?.userId ?? "" }, { stripeCustomerId: customerId }] },
        include: { subscription: true },
      });
      if (!user || !plan) return "ignored" as const;
      const row = user.subscription;
      if (row?.stripeEventAt && row.stripeEventAt > eventAt) return "stale" as const;
      if (row && row.stripeSubscriptionId !== subscription.id && LIVE_STATUSES.includes(row.status)) {
        // A second live subscription for a user who already pays for one: an extra to cancel (below,
        // at Stripe; the event is recorded once that worked, so a failure is delivered again).
        if (LIVE_STATUSES.includes(subscription.status)) {
          await tx.stripeEvent.delete({ where: { id: event.id } });
          return "extra" as const;
        }
        // A late event about an old, ended subscription must not replace the user's newer one.
        return "stale" as const;
      }
      const data = { ...rowFrom(subscription, plan.id), stripeEventAt: eventAt };
      await tx.subscription.upsert({ where: { userId: user.id }, create: { userId: user.id, ...data }, update: data });
      if (!user.stripeCustomerId) await tx.user.update({ where: { id: user.id }, data: { stripeCustomerId: customerId } });
      return "applied" as const;
    });
    if (result === "extra") {
      await withSpan("cancel_extra_subscription", { "stripe.subscription_id": subscription.id }, () => cancelNow(subscription.id));
      await recordEvent(event);
      logger.warn("extra live subscription cancelled", { eventId: event.id, stripeSubscriptionId: subscription.id, customerId });
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
