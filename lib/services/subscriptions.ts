/**
 * Subscriptions: the showcase action. `createSubscription` is traced as
 * create_subscription → fetch_user → stripe_create_subscription → save_subscription,
 * so one click in the replay leads to a trace that shows the real work.
 */
import { db } from "@/lib/db";
import { isTestMode, stripe, TEST_CARDS, type Stripe, type TestCard } from "@/lib/billing/stripe";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";

const LIVE_STATUSES = ["active", "trialing", "past_due"];

export type SubscriptionView = {
  planId: string;
  status: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
};

/** A billing failure the user can act on: the HTTP status and a message to show. */
export class BillingError extends Error {
  constructor(
    readonly status: 400 | 402 | 409 | 502,
    message: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}

const view = (s: { planId: string; status: string; currentPeriodEnd: Date; cancelAtPeriodEnd: boolean }): SubscriptionView => ({
  planId: s.planId,
  status: s.status,
  currentPeriodEnd: s.currentPeriodEnd.toISOString(),
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
});

/** The plan the user pays for now; everyone without a live subscription is on `free`. */
export async function currentPlanId(userId: string): Promise<string> {
  const subscription = await db.subscription.findUnique({ where: { userId }, select: { planId: true, status: true } });
  return subscription && LIVE_STATUSES.includes(subscription.status) ? subscription.planId : "free";
}

export async function getSubscription(userId: string): Promise<SubscriptionView | null> {
  const subscription = await db.subscription.findUnique({ where: { userId } });
  return subscription ? view(subscription) : null;
}

/** Maps Stripe failures to what the user should see; the original goes to the span and the log. */
function billingError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  if (error instanceof Error && "type" in error) {
    const e = error as Stripe.errors.StripeError;
    if (e.type === "StripeCardError") return new BillingError(402, `${e.message} Try another card; you were not charged.`);
    if (e.type === "StripeInvalidRequestError" && e.code === "resource_missing" && e.param?.includes("payment_method")) {
      return new BillingError(402, "Add a payment method before subscribing.");
    }
  }
  return new BillingError(502, "Billing is unavailable right now. Nothing was charged; please try again in a moment.");
}

const periodEnd = (s: Stripe.Subscription) => new Date((s.items.data[0]?.current_period_end ?? 0) * 1000);

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
      if (!plan?.stripePriceId) throw new BillingError(400, `The ${planId} plan cannot be bought.`);
      if (options.testCard && !isTestMode()) throw new BillingError(400, "Test cards only work with Stripe test keys.");
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
            : await stripe().subscriptions.create(
                {
                  customer: customerId,
                  items: [{ price: priceId }],
                  payment_behavior: "error_if_incomplete", // a declined card fails the call, nothing is left half-made
                  metadata: { userId, planId },
                },
                { idempotencyKey: `subscription-create:${userId}:${key}` },
              );
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
      const failure = billingError(error);
      logger.error("subscription failed", { planId, status: failure.status, reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
  });
}

/** Cancels at the end of the paid period (the user keeps the plan until then). */
export async function cancelSubscription(userId: string): Promise<SubscriptionView> {
  return withSpan("cancel_subscription", { "user.id": userId }, async () => {
    const current = await db.subscription.findUnique({ where: { userId } });
    if (!current || !LIVE_STATUSES.includes(current.status)) throw new BillingError(409, "You have no active subscription to cancel.");
    let result: Stripe.Subscription;
    try {
      result = await stripe().subscriptions.update(current.stripeSubscriptionId, { cancel_at_period_end: true });
    } catch (error) {
      const failure = billingError(error);
      logger.error("cancel failed", { reason: error instanceof Error ? error.message : String(error) });
      throw failure;
    }
    const saved = await db.subscription.update({ where: { userId }, data: rowFrom(result, current.planId) });
    logger.info("subscription set to cancel at period end", { stripeSubscriptionId: saved.stripeSubscriptionId });
    return view(saved);
  });
}

async function ensureCustomer(
  user: { id: string; email: string; name: string; stripeCustomerId: string | null },
  testCard: TestCard | undefined,
  key: string,
): Promise<string> {
  const client = stripe();
  let customerId = user.stripeCustomerId;
  if (!customerId) {
    // Same key for every attempt: a retry finds the customer made the first time.
    const customer = await client.customers.create(
      { email: user.email, name: user.name, metadata: { userId: user.id } },
      { idempotencyKey: `customer-create:${user.id}` },
    );
    customerId = customer.id;
  }
  // No card form in this demo: in test mode the customer pays with one of Stripe's test cards.
  const card = testCard ?? (user.stripeCustomerId ? undefined : isTestMode() ? "visa" : undefined);
  if (card) {
    const method = await client.paymentMethods.attach(
      TEST_CARDS[card],
      { customer: customerId },
      { idempotencyKey: `card-attach:${user.id}:${card}:${key}` },
    );
    await client.customers.update(customerId, { invoice_settings: { default_payment_method: method.id } });
  }
  return customerId;
}

async function changePlan(subscriptionId: string, priceId: string, key: string): Promise<Stripe.Subscription> {
  const client = stripe();
  const existing = await client.subscriptions.retrieve(subscriptionId);
  const item = existing.items.data[0];
  if (item?.price.id === priceId && !existing.cancel_at_period_end) return existing;
  return client.subscriptions.update(
    subscriptionId,
    {
      items: item?.price.id === priceId ? undefined : [{ id: item?.id, price: priceId }],
      cancel_at_period_end: false,
      payment_behavior: "error_if_incomplete",
      proration_behavior: "create_prorations",
    },
    { idempotencyKey: `subscription-update:${subscriptionId}:${key}` },
  );
}

function rowFrom(s: Stripe.Subscription, planId: string) {
  return {
    planId,
    stripeSubscriptionId: s.id,
    status: s.status,
    currentPeriodEnd: periodEnd(s),
    cancelAtPeriodEnd: s.cancel_at_period_end,
  };
}

// ── Webhooks ────────────────────────────────────────────────────────────────

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
      stripe().subscriptions.retrieve(event.subscriptionId!),
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
