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

export const periodEnd = (s: Stripe.Subscription) => new Date((s.items.data[0]?.current_period_end ?? 0) * 1000);

/** The user's Stripe customer (created once), with a test card attached when asked or on first purchase in test mode. */
export async function ensureCustomer(
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

export function createStripeSubscription(
  input: { customerId: string; priceId: string; userId: string; planId: string },
  key: string,
): Promise<Stripe.Subscription> {
  return stripe().subscriptions.create(
    {
      customer: input.customerId,
      items: [{ price: input.priceId }],
      payment_behavior: "error_if_incomplete", // a declined card fails the call, nothing is left half-made
      metadata: { userId: input.userId, planId: input.planId },
    },
    { idempotencyKey: `subscription-create:${input.userId}:${key}` },
  );
}

/** Moves a live subscription to another price (or un-cancels it), prorated. */
export async function changePlan(subscriptionId: string, priceId: string, key: string): Promise<Stripe.Subscription> {
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

/** Ends a subscription now (an extra one the user must not pay for). */
export const cancelNow = (subscriptionId: string) => stripe().subscriptions.cancel(subscriptionId);

export const cancelAtPeriodEnd = (subscriptionId: string) => stripe().subscriptions.update(subscriptionId, { cancel_at_period_end: true });

export const retrieveSubscription = (subscriptionId: string) => stripe().subscriptions.retrieve(subscriptionId);
