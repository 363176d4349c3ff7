/**
 * The Stripe calls billing needs, each idempotent, and Stripe's errors mapped to what the user
 * should see. Nothing here touches the database.
 */
import { BillingError } from "@/lib/billing/errors";
import { isTestMode, stripe, TEST_CARDS, type Stripe, type TestCard } from "@/lib/billing/stripe";

/** Maps Stripe failures to what the user should see; the original goes to the span and the log. */
export function toBillingError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  if (error instanceof Error && "type" in error) {
    const e = error as Stripe.errors.StripeError;
    if (e.type === "StripeCardError") return new BillingError("payment_declined", `${e.message} Try another card; you were not charged.`);
    if (e.type === "StripeInvalidRequestError" && e.code === "resource_missing" && e.param?.includes("payment_method")) {
      return new BillingError("payment_declined", "Add a payment method before subscribing.");
    }
  }
  // A connection error or a 5xx does not say whether Stripe acted: say what is known, not more.
  return new BillingError(
    "unavailable",
    "Billing did not answer properly, so we cannot tell yet whether the change went through. Check your plan in a minute before trying again.",
  );
}

/** Stripe no longer has (or never had) the object asked for: deleted test data, another account's id. */
export const isResourceMissing = (error: unknown) => (error as { code?: string }).code === "resource_missing";

export const periodEnd = (s: Stripe.Subscription) => new Date((s.items.data[0]?.current_period_end ?? 0) * 1000);

/** The team's Stripe customer (created once), billed to `email` (the owner who first pays). */
export async function ensureCustomerId(team: { id: string; name: string; email: string; stripeCustomerId: string | null }): Promise<string> {
  if (team.stripeCustomerId) return team.stripeCustomerId;
  // Same key for every attempt: a retry finds the customer made the first time.
  const customer = await stripe().customers.create(
    { email: team.email, name: team.name, metadata: { teamId: team.id } },
    { idempotencyKey: `customer-create:${team.id}` },
  );
  return customer.id;
}

/** The team's customer, with a test card attached when asked or on first purchase in test mode (the API's in-app path). */
export async function ensureCustomer(
  team: { id: string; name: string; email: string; stripeCustomerId: string | null },
  testCard: TestCard | undefined,
  key: string,
): Promise<string> {
  const client = stripe();
  const customerId = await ensureCustomerId(team);
  // The API's in-app path has no card form: in test mode the customer pays with one of Stripe's test cards.
  const card = testCard ?? (team.stripeCustomerId ? undefined : isTestMode() ? "visa" : undefined);
  if (card) {
    const method = await client.paymentMethods.attach(
      TEST_CARDS[card],
      { customer: customerId },
      { idempotencyKey: `card-attach:${team.id}:${card}:${key}` },
    );
    await client.customers.update(customerId, { invoice_settings: { default_payment_method: method.id } });
  }
  return customerId;
}

export function createStripeSubscription(
  input: { customerId: string; priceId: string; teamId: string; planId: string },
  key: string,
): Promise<Stripe.Subscription> {
  return stripe().subscriptions.create(
    {
      customer: input.customerId,
      items: [{ price: input.priceId }],
      payment_behavior: "error_if_incomplete", // a declined card fails the call, nothing is left half-made
      metadata: { teamId: input.teamId, planId: input.planId },
    },
    { idempotencyKey: `subscription-create:${input.teamId}:${key}` },
  );
}

/**
 * Moves a live subscription to another price (or un-cancels it), prorated. When it changes anything,
 * `anchor` (the telemetry anchor) is written first, so the webhooks of the change continue this request.
 */
export async function changePlan(subscriptionId: string, priceId: string, key: string, anchor: Record<string, string> = {}): Promise<Stripe.Subscription> {
  const client = stripe();
  const existing = await client.subscriptions.retrieve(subscriptionId);
  const item = existing.items.data[0];
  if (item?.price.id === priceId && !existing.cancel_at_period_end) return existing;
  await anchorSubscription(subscriptionId, anchor);
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

/** Ends a subscription now (an extra one the user must not pay for). */
export const cancelNow = (subscriptionId: string) => stripe().subscriptions.cancel(subscriptionId);

/** Cancels at period end; `metadata` (the telemetry anchor) rides on the same update. */
export const cancelAtPeriodEnd = (subscriptionId: string, metadata: Record<string, string> = {}) =>
  stripe().subscriptions.update(subscriptionId, { cancel_at_period_end: true, ...(Object.keys(metadata).length && { metadata }) });

export const retrieveSubscription = (subscriptionId: string) => stripe().subscriptions.retrieve(subscriptionId);

/**
 * Writes the telemetry anchor of the request that is about to change a subscription into its
 * metadata, so the webhooks that follow continue that session. A plain metadata update: setting the
 * same values twice is harmless, so it needs no idempotency key (which binds a key to its parameters).
 */
export async function anchorSubscription(subscriptionId: string, anchor: Record<string, string>): Promise<void> {
  if (Object.keys(anchor).length) await stripe().subscriptions.update(subscriptionId, { metadata: anchor });
}

/** A hosted Checkout page for a subscription to `priceId`; `anchor` travels on the session and the subscription it makes. */
export function createCheckoutSession(input: {
  customerId: string;
  priceId: string;
  teamId: string;
  planId: string;
  successUrl: string;
  cancelUrl: string;
  anchor: Record<string, string>;
}): Promise<Stripe.Checkout.Session> {
  const metadata = { teamId: input.teamId, planId: input.planId, ...input.anchor };
  return stripe().checkout.sessions.create({
    mode: "subscription",
    customer: input.customerId,
    client_reference_id: input.teamId,
    line_items: [{ price: input.priceId, quantity: 1 }],
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    metadata,
    subscription_data: { metadata },
  });
}

export const retrieveCheckoutSession = (id: string) => stripe().checkout.sessions.retrieve(id);

/** A hosted Customer Portal session: change plan, cancel, then back to `returnUrl`. */
export function createPortalSession(customerId: string, returnUrl: string): Promise<Stripe.BillingPortal.Session> {
  return stripe().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
}
