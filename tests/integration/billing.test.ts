import { SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import * as signup from "@/app/api/auth/signup/route";
import * as subscriptions from "@/app/api/subscriptions/route";
import * as webhook from "@/app/api/stripe/webhook/route";
import { stripe } from "@/lib/billing/stripe";
import { db } from "@/lib/db";
import { currentPlanId } from "@/lib/services/subscriptions";
import { RouteClient } from "@/tests/support/route-client";
import { INTEGRATION } from "@/tests/support/integration-env";
import { inMemoryTelemetry } from "@/tests/support/pipeline";
import { deliver, eventsFor, localStripe, metadataOnly, signedPayload } from "@/tests/support/stripe-events";

type Sub = { planId: string; status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string };

async function newUser() {
  const client = new RouteClient();
  const email = `billing-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await client.call(signup.POST, "/api/auth/signup", { body: { name: "Payer", email, password: "password1" } });
  const userId = (res.json.user as { id: string }).id;
  // Sign-up made the user's own team, which pays.
  const { teamId } = await db.membership.findFirstOrThrow({ where: { userId } });
  return { client, userId, teamId };
}
const subscribe = (client: RouteClient, body: object, key?: string) =>
  client.call(subscriptions.POST, "/api/subscriptions", { body, headers: key ? { "idempotency-key": key } : {} });
const telemetry = inMemoryTelemetry();
const row = (teamId: string) => db.subscription.findUniqueOrThrow({ where: { teamId } });

describe("subscriptions against the local Stripe server", () => {
  it("subscribes, changes plan and cancels at period end", async () => {
    const { client, teamId } = await newUser();
    const created = await subscribe(client, { planId: "pro" });
    expect(created.status).toBe(200);
    expect(created.json.subscription).toMatchObject({ planId: "pro", status: "active", cancelAtPeriodEnd: false });
    const first = await row(teamId);
    const remote = await stripe().subscriptions.retrieve(first.stripeSubscriptionId);
    expect(remote.items.data[0]!.price.id).toBe("price_pro_monthly");
    expect((await db.team.findUniqueOrThrow({ where: { id: teamId } })).stripeCustomerId).toBe(remote.customer);
    expect(new Date((created.json.subscription as Sub).currentPeriodEnd).getTime()).toBeGreaterThan(Date.now());

    const changed = await subscribe(client, { planId: "team" });
    expect(changed.json.subscription).toMatchObject({ planId: "team", status: "active" });
    expect((await row(teamId)).stripeSubscriptionId).toBe(first.stripeSubscriptionId); // same subscription, new price
    expect((await stripe().subscriptions.retrieve(first.stripeSubscriptionId)).items.data[0]!.price.id).toBe("price_team_monthly");

    const canceled = await client.call(subscriptions.DELETE, "/api/subscriptions", { method: "DELETE" });
    expect(canceled.json.subscription).toMatchObject({ planId: "team", status: "active", cancelAtPeriodEnd: true });
    expect(await currentPlanId(teamId)).toBe("team"); // paid until the period ends

    // The period ends: Stripe deletes the subscription and tells us by webhook.
    await localStripe(`/_local/subscriptions/${first.stripeSubscriptionId}/advance`);
    const deleted = (await eventsFor(first.stripeSubscriptionId)).find((e) => e.type === "customer.subscription.deleted")!;
    expect((await deliver(deleted)).json).toMatchObject({ outcome: "applied" });
    expect((await row(teamId)).status).toBe("canceled");
    expect(await currentPlanId(teamId)).toBe("free");
  });

  it("a declined card is a 402 with a clear message, and the database is unchanged", async () => {
    const { client, teamId } = await newUser();
    const res = await subscribe(client, { planId: "pro", testCard: "declined" });
    expect(res.status).toBe(402);
    expect(res.json.error).toMatch(/card was declined/i);
    expect(await db.subscription.findUnique({ where: { teamId } })).toBeNull();
    expect((await db.team.findUniqueOrThrow({ where: { id: teamId } })).stripeCustomerId).toBeNull();

    const retry = await subscribe(client, { planId: "pro", testCard: "visa" });
    expect(retry.status).toBe(200);
  });

  it("rejects bad input with field messages, and needs a session", async () => {
    const { client } = await newUser();
    const free = await subscribe(client, { planId: "free" });
    expect(free.status).toBe(400);
    expect(free.json.fields).toEqual({ planId: ["Choose a paid plan: pro or team. To go back to Free, cancel your subscription."] });
    expect((await subscribe(client, { planId: "pro", testCard: "amex" })).status).toBe(400);
    expect((await subscribe(client, { planId: "pro" }, "bad key!")).status).toBe(400);
    expect((await subscribe(new RouteClient(), { planId: "pro" })).status).toBe(401);
    expect((await client.call(subscriptions.DELETE, "/api/subscriptions", { method: "DELETE" })).status).toBe(409);
  });

  it("a double-click (concurrent requests, one idempotency key) makes one subscription", async () => {
    const { client, teamId } = await newUser();
    const key = `click-${Date.now()}`;
    const [a, b] = await Promise.all([subscribe(client, { planId: "pro" }, key), subscribe(client, { planId: "pro" }, key)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const customer = (await db.team.findUniqueOrThrow({ where: { id: teamId } })).stripeCustomerId!;
    const remote = await stripe().subscriptions.list({ customer });
    expect(remote.data).toHaveLength(1);
    expect(await db.subscription.count({ where: { teamId } })).toBe(1);
  });
});

describe("one live subscription per team", () => {
  const liveAtStripe = async (teamId: string) => {
    const { stripeCustomerId } = await db.team.findUniqueOrThrow({ where: { id: teamId } });
    const list = await stripe().subscriptions.list({ customer: stripeCustomerId! });
    return list.data.filter((sub) => ["active", "trialing", "past_due"].includes(sub.status));
  };

  it("five concurrent purchases, each with its own idempotency key, make one subscription", async () => {
    const { client, teamId } = await newUser();
    const results = await Promise.all(
      ["pro", "team", "pro", "team", "pro"].map((planId, i) => subscribe(client, { planId }, `click-${Date.now()}-${i}`)),
    );
    // They run one after another: the first subscribes, the others change that subscription.
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // Waiting for the lock is not an error: no failed span (with its stack) per attempt, in the trace or the CPU.
    const spans = await telemetry.finished();
    const lockSpans = spans.filter((span) => span.name.endsWith(" BillingLock"));
    expect(lockSpans.length).toBeGreaterThan(5); // the lock was taken, waited for and released, under telemetry
    expect(lockSpans.filter((span) => span.status.code === SpanStatusCode.ERROR).map((span) => span.name)).toEqual([]);
    expect(await liveAtStripe(teamId)).toHaveLength(1);
    // The lock is released: a later change goes through.
    const later = await subscribe(client, { planId: "team" });
    expect(later.status).toBe(200);
    expect(await liveAtStripe(teamId)).toHaveLength(1);
  });

  it("an extra live subscription seen in a webhook is cancelled at Stripe and logged", async () => {
    const { client, teamId } = await newUser();
    await subscribe(client, { planId: "pro" });
    const tracked = await row(teamId);
    const { stripeCustomerId } = await db.team.findUniqueOrThrow({ where: { id: teamId } });
    // A second subscription made behind the app's back (another integration, a bug, a race long ago).
    const extra = await stripe().subscriptions.create({ customer: stripeCustomerId!, items: [{ price: "price_team_monthly" }], metadata: { teamId } });
    const created = (await eventsFor(extra.id)).find((e) => e.type === "customer.subscription.created")!;
    expect((await deliver(created)).json).toMatchObject({ outcome: "cancelled_extra" });
    expect((await stripe().subscriptions.retrieve(extra.id)).status).toBe("canceled");
    expect((await row(teamId)).stripeSubscriptionId).toBe(tracked.stripeSubscriptionId);
    expect(await liveAtStripe(teamId)).toHaveLength(1);
  });
});

describe("a frozen Stripe", () => {
  it("gets the user an answer within the deadline that says the outcome is not known yet", async () => {
    const { client, teamId } = await newUser();
    const freeze = (ms: number) => fetch(`${INTEGRATION.stripeUrl}/_local/freeze`, { method: "POST", body: `ms=${ms}` });
    await freeze(45_000);
    try {
      const started = Date.now();
      const res = await subscribe(client, { planId: "pro" });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(res.status).toBe(504);
      expect(res.json.error).toMatch(/cannot tell yet/);
      expect(res.json.error).not.toMatch(/Nothing was charged/i);
      // Still under the lock: a second try waits, then says so, and cannot start a second purchase.
      const second = await subscribe(client, { planId: "team" });
      expect(second.status).toBe(409);
      expect(second.json.error).toMatch(/already in progress/);
    } finally {
      await freeze(0);
    }
    expect(await db.subscription.findUnique({ where: { teamId } })).toBeNull();
  }, 40_000);
});

describe("POST /api/stripe/webhook", () => {
  it("refuses a bad or missing signature with 400 and changes nothing", async () => {
    const { client, teamId } = await newUser();
    await subscribe(client, { planId: "pro" });
    const sub = await row(teamId);
    await localStripe(`/_local/subscriptions/${sub.stripeSubscriptionId}/fail_payment`);
    const events = await eventsFor(sub.stripeSubscriptionId);
    const before = await db.stripeEvent.count();

    expect((await deliver(events.at(-1)!, "whsec_wrong_secret")).status).toBe(400);
    const unsigned = await new RouteClient().call(webhook.POST, "/api/stripe/webhook", { raw: JSON.stringify(events.at(-1)) });
    expect(unsigned.status).toBe(400);
    expect(await db.stripeEvent.count()).toBe(before);
    expect((await row(teamId)).status).toBe("active");
  });

  it("invoice.payment_failed marks the subscription past_due; a repeated delivery is a no-op", async () => {
    const { client, teamId } = await newUser();
    await subscribe(client, { planId: "pro" });
    const sub = await row(teamId);
    await localStripe(`/_local/subscriptions/${sub.stripeSubscriptionId}/fail_payment`);
    const failed = (await eventsFor(sub.stripeSubscriptionId)).find((e) => e.type === "invoice.payment_failed")!;

    expect((await deliver(failed)).json).toMatchObject({ outcome: "applied" });
    expect((await row(teamId)).status).toBe("past_due");
    const count = await db.stripeEvent.count();
    const [again1, again2] = await Promise.all([deliver(failed), deliver(failed)]);
    expect([again1.json.outcome, again2.json.outcome]).toEqual(["duplicate", "duplicate"]);
    expect(await db.stripeEvent.count()).toBe(count);
  });

  it("events delivered out of order end at Stripe's latest state", async () => {
    const { client, teamId } = await newUser();
    await subscribe(client, { planId: "pro" });
    await subscribe(client, { planId: "team" });
    await client.call(subscriptions.DELETE, "/api/subscriptions", { method: "DELETE" });
    const sub = await row(teamId);
    // Simulate the app having missed the API responses: roll the row back, then replay newest first.
    await db.subscription.update({ where: { teamId }, data: { planId: "pro", cancelAtPeriodEnd: false } });
    const events = await eventsFor(sub.stripeSubscriptionId);
    expect(events.filter((e) => !metadataOnly(e)).map((e) => e.type)).toEqual([
      "customer.subscription.created",
      "customer.subscription.updated",
      "customer.subscription.updated",
    ]);
    for (const event of [...events].reverse()) expect((await deliver(event)).status).toBe(200);
    expect(await row(teamId)).toMatchObject({ planId: "team", status: "active", cancelAtPeriodEnd: true });
  });

  it("an event about a subscription Stripe no longer has is recorded as ignored (2xx), not retried forever", async () => {
    const event = {
      id: `evt_gone_${Date.now()}`,
      type: "customer.subscription.updated",
      created: Math.floor(Date.now() / 1000),
      data: { object: { object: "subscription", id: "sub_does_not_exist" } },
    };
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ outcome: "ignored" });
    expect(await db.stripeEvent.findUnique({ where: { id: event.id } })).not.toBeNull();
    expect((await deliver(event)).json).toMatchObject({ outcome: "duplicate" });
  });

  it("caps the body also when it comes without Content-Length", async () => {
    const huge = signedPayload({ id: "evt_huge", type: "ping", created: 1, data: { object: { object: "x", padding: "x".repeat(600 * 1024) } } });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(huge.payload));
        controller.close();
      },
    });
    const request = new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": huge.header },
      body,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const { NextRequest } = await import("next/server");
    const response = await webhook.POST(new NextRequest(request), undefined);
    expect(response.status).toBe(413);
  });
});
