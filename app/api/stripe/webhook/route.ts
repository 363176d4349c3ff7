/**
 * Stripe webhooks. The signature is checked on the raw body before anything else;
 * a bad or missing one is a 400 and changes nothing. Exempt from the CSRF check in proxy.ts.
 */
import { NextResponse } from "next/server";
import { z } from "zod";
import { stripe } from "@/lib/billing/stripe";
import { env } from "@/lib/env";
import { apiRoute, jsonError, readLimited } from "@/lib/http";
import { continueFrom } from "@/lib/observability/server/anchor";
import { logger } from "@/lib/observability/server/logger";
import { applyStripeEvent } from "@/lib/services/stripe-webhooks";

const MAX_WEBHOOK_BYTES = 512 * 1024;

/** The part of an event we rely on; invoices name their subscription under parent.subscription_details. */
const metadata = z.record(z.string(), z.string()).nullish();
const eventSchema = z.object({
  id: z.string().startsWith("evt_"),
  type: z.string().min(1),
  created: z.number().int().positive(),
  data: z.object({
    previous_attributes: z.record(z.string(), z.unknown()).optional(),
    object: z.object({
      object: z.string(),
      id: z.string().optional(),
      subscription: z.string().nullish(),
      metadata,
      parent: z.object({ subscription_details: z.object({ subscription: z.string().nullish(), metadata }).nullish() }).nullish(),
    }),
  }),
});

const SUBSCRIPTION_EVENTS = new Set(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"]);
const INVOICE_EVENTS = new Set(["invoice.paid", "invoice.payment_failed"]);

export const POST = apiRoute(async (req) => {
  const signature = req.headers.get("stripe-signature");
  if (!signature) return jsonError(400, "Missing Stripe-Signature header.");
  if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) return jsonError(413, "Webhook body too large.");
  let payload: string;
  try {
    payload = await readLimited(req, MAX_WEBHOOK_BYTES); // also without (or lying in) Content-Length
  } catch {
    return jsonError(413, "Webhook body too large.");
  }

  let verified: unknown;
  try {
    verified = stripe().webhooks.constructEvent(payload, signature, env().STRIPE_WEBHOOK_SECRET);
  } catch {
    logger.warn("stripe webhook signature rejected");
    return jsonError(400, "Invalid Stripe signature.");
  }
  const parsed = eventSchema.safeParse(verified);
  if (!parsed.success) return jsonError(400, "Unexpected event shape.");
  const event = parsed.data;
  const object = event.data.object;

  let subscriptionId: string | null = null;
  if (SUBSCRIPTION_EVENTS.has(event.type)) subscriptionId = object.id ?? null;
  else if (event.type === "checkout.session.completed") subscriptionId = object.subscription ?? null;
  else if (INVOICE_EVENTS.has(event.type)) {
    subscriptionId = object.parent?.subscription_details?.subscription ?? object.subscription ?? null;
  }
  // The event continues the browser session that started the change (Checkout, the portal, a plan
  // switch): its spans and logs carry that session, and its span links to the request that started it.
  continueFrom(object.metadata ?? object.parent?.subscription_details?.metadata);

  try {
    const changed = Object.keys(event.data.previous_attributes ?? {});
    const metadataOnly = changed.length > 0 && changed.every((key) => key === "metadata");
    const outcome = await applyStripeEvent({ id: event.id, type: event.type, created: event.created, subscriptionId, metadataOnly });
    return NextResponse.json({ received: true, outcome });
  } catch (error) {
    // Stripe unreachable or the database busy: answer 503 so Stripe delivers the event again.
    logger.error("stripe webhook failed", { eventId: event.id, reason: error instanceof Error ? error.message : String(error) });
    return jsonError(503, "Could not process the event now; Stripe will retry.");
  }
});
