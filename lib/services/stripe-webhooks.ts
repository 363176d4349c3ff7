/** Verified Stripe events applied to the database: idempotent, order-independent. */
import { retrieveSubscription } from "@/lib/billing/stripe-adapter";
import { db } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { LIVE_STATUSES, rowFrom } from "@/lib/services/subscriptions";

export type WebhookOutcome = "applied" | "duplicate" | "stale" | "ignored";

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
      retrieveSubscription(event.subscriptionId!),
    );
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
      // A late event about an old, ended subscription must not replace the user's newer one.
      if (row && row.stripeSubscriptionId !== subscription.id && LIVE_STATUSES.includes(row.status)) return "stale" as const;
      const data = { ...rowFrom(subscription, plan.id), stripeEventAt: eventAt };
      await tx.subscription.upsert({ where: { userId: user.id }, create: { userId: user.id, ...data }, update: data });
      if (!user.stripeCustomerId) await tx.user.update({ where: { id: user.id }, data: { stripeCustomerId: customerId } });
      return "applied" as const;
    });
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
