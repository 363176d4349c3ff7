/** Reads the events the local Stripe server emitted and delivers them, signed, to the webhook handler. */
import Stripe from "stripe";
import * as webhook from "@/app/api/stripe/webhook/route";
import { INTEGRATION } from "@/tests/support/integration-env";
import { RouteClient } from "@/tests/support/route-client";

export type StripeEvent = {
  id: string;
  type: string;
  created: number;
  data: { object: { id: string; metadata?: Record<string, string> }; previous_attributes?: Record<string, unknown> };
};

/** An update that only wrote metadata (the telemetry anchor the app sets before a change). */
export const metadataOnly = (event: StripeEvent) => {
  const changed = Object.keys(event.data.previous_attributes ?? {});
  return changed.length > 0 && changed.every((key) => key === "metadata");
};

const signer = new Stripe("sk_test_signing_only");

export async function stripeEvents(): Promise<StripeEvent[]> {
  const res = await fetch(`${INTEGRATION.stripeUrl}/_local/events`);
  return ((await res.json()) as { data: StripeEvent[] }).data;
}

/** Events for one subscription, oldest first. */
export async function eventsFor(subscriptionId: string): Promise<StripeEvent[]> {
  return (await stripeEvents()).filter((e) => e.data.object.id === subscriptionId || JSON.stringify(e).includes(subscriptionId));
}

/** An event's JSON and a valid Stripe-Signature header for it. */
export function signedPayload(event: object, secret: string = INTEGRATION.webhookSecret) {
  const payload = JSON.stringify(event);
  return { payload, header: signer.webhooks.generateTestHeaderString({ payload, secret }) };
}

export async function deliver(event: StripeEvent, secret: string = INTEGRATION.webhookSecret) {
  const { payload, header } = signedPayload(event, secret);
  return new RouteClient().call(webhook.POST, "/api/stripe/webhook", {
    raw: payload,
    headers: { "content-type": "application/json", "stripe-signature": header },
  });
}

export const localStripe = (path: string) => fetch(`${INTEGRATION.stripeUrl}${path}`, { method: "POST" });
