/**
 * Stripe Checkout and the Customer Portal, through the real SDK against the local Stripe server and
 * its hosted pages (fetched here as a browser would post their forms), with the webhooks they emit
 * delivered to the real route handler.
 */
import { describe, expect, it } from "vitest";
import * as signup from "@/app/api/auth/signup/route";
import * as checkout from "@/app/api/billing/checkout/route";
import * as portal from "@/app/api/billing/portal/route";
import { userFromSessionCookie } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { confirmCheckout } from "@/lib/services/checkout";
import { INTEGRATION } from "@/tests/support/integration-env";
import { RouteClient } from "@/tests/support/route-client";
import { deliver, stripeEvents, type StripeEvent } from "@/tests/support/stripe-events";

async function owner() {
  const client = new RouteClient();
  const email = `checkout-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await client.call(signup.POST, "/api/auth/signup", { body: { name: "Payer", email, password: "password1" } });
  const user = (await userFromSessionCookie(decodeURIComponent(client.cookie!.split("=")[1]!)))!;
  return { client, user };
}

/** Posts a hosted page's form the way the browser does; redirects are returned, not followed. */
const post = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
const card = (number: string) => ({ card: number, exp: "12 / 34", cvc: "123", name: "Test Payer" });
const eventsAfter = async (count: number) => (await stripeEvents()).slice(count);

describe("Stripe Checkout", () => {
  it("declined, then a refused 3-D Secure challenge, then paid: one subscription, the webhook applies it once", async () => {
    const { client, user } = await owner();
    const started = await client.call(checkout.POST, "/api/billing/checkout", { body: { planId: "pro" } });
    expect(started.status).toBe(200);
    const url = String(started.json.url);
    expect(url).toMatch(new RegExp(`^${INTEGRATION.stripeUrl}/checkout/cs_test_\\w+$`));
    const sessionId = url.split("/").at(-1)!;

    const form = await fetch(url);
    expect(form.status).toBe(200);
    expect(form.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await form.text()).toContain("Pay $19.00");

    const declined = await post(`${url}/pay`, card("4000 0000 0000 0002"));
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    expect(await confirmCheckout(user, sessionId)).toEqual({ status: "open" });

    const challenge = await post(`${url}/pay`, card("4000 0025 0000 3155"));
    expect(await challenge.text()).toContain("Complete authentication");
    const refused = await post(`${url}/authenticate`, { result: "fail" });
    expect(refused.status).toBe(402);
    expect(await refused.text()).toContain("unable to authenticate");

    const before = (await stripeEvents()).length;
    await post(`${url}/pay`, card("4000 0025 0000 3155"));
    const paid = await post(`${url}/authenticate`, { result: "complete" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://localhost:3000/billing/success?session_id=${sessionId}`);

    const events = await eventsAfter(before);
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]);
    const completed = events.at(-1)! as StripeEvent & { data: { object: { client_reference_id: string; metadata: Record<string, string> } } };
    expect(completed.data.object).toMatchObject({ client_reference_id: user.teamId, metadata: { teamId: user.teamId, planId: "pro" } });
    expect(events[0]!.data.object.metadata).toMatchObject({ teamId: user.teamId, planId: "pro" });

    // The return page confirms from Stripe at once: no waiting for the webhook.
    expect(await confirmCheckout(user, sessionId)).toMatchObject({ status: "complete", subscription: { planId: "pro", status: "active" } });
    // Then the webhooks land: applied (the row is already current), each once.
    for (const event of events) expect((await deliver(event)).status).toBe(200);
    expect((await deliver(completed)).json).toMatchObject({ outcome: "duplicate" });
    expect(await db.subscription.findUniqueOrThrow({ where: { teamId: user.teamId } })).toMatchObject({ planId: "pro", status: "active" });
    const log = await db.activity.findMany({ where: { teamId: user.teamId }, orderBy: { createdAt: "asc" } });
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["start_checkout", "subscription_updated", "payment_succeeded", "checkout_completed"]),
    );
    expect(log.find((entry) => entry.action === "checkout_completed")).toMatchObject({ userId: null, ipAddress: null });

    // Paid already: a second Checkout is refused rather than making a second subscription.
    expect((await client.call(checkout.POST, "/api/billing/checkout", { body: { planId: "team" } })).status).toBe(409);
  });

  it("another team's Checkout session is not found, and bad ids are refused", async () => {
    const a = await owner();
    const b = await owner();
    const started = await a.client.call(checkout.POST, "/api/billing/checkout", { body: { planId: "team" } });
    const sessionId = String(started.json.url).split("/").at(-1)!;
    expect(await confirmCheckout(b.user, sessionId)).toEqual({ status: "not_found" });
    expect(await confirmCheckout(a.user, "cs_test_doesnotexist")).toEqual({ status: "not_found" });
    expect((await a.client.call(checkout.POST, "/api/billing/checkout", { body: { planId: "free" } })).status).toBe(400);
    expect((await fetch(`${INTEGRATION.stripeUrl}/checkout/cs_test_nope`)).status).toBe(404);
  });
});

describe("the Customer Portal", () => {
  it("changes the plan and cancels; each change arrives as a webhook the app applies", async () => {
    const { client, user } = await owner();
    expect((await client.call(portal.POST, "/api/billing/portal", { body: {} })).status).toBe(409); // no billing account yet
    const started = await client.call(checkout.POST, "/api/billing/checkout", { body: { planId: "pro" } });
    const url = String(started.json.url);
    await post(`${url}/pay`, card("4242 4242 4242 4242"));
    for (const event of await stripeEvents()) if (JSON.stringify(event).includes(user.teamId)) await deliver(event);

    const opened = await client.call(portal.POST, "/api/billing/portal", { body: {} });
    expect(opened.status).toBe(200);
    const portalUrl = String(opened.json.url);
    const page = await (await fetch(portalUrl)).text();
    expect(page).toContain("Current plan: <strong>Pro</strong>");
    expect(page).toContain('href="http://localhost:3000/settings"');

    const subscriptionId = (await db.subscription.findUniqueOrThrow({ where: { teamId: user.teamId } })).stripeSubscriptionId;
    const before = (await stripeEvents()).length;
    expect((await post(`${portalUrl}/update`, { subscription: subscriptionId, price: "price_team_monthly" })).status).toBe(303);
    expect((await post(`${portalUrl}/cancel`, { subscription: subscriptionId })).status).toBe(303);
    const events = await eventsAfter(before);
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.updated", "invoice.paid", "customer.subscription.updated"]);
    for (const event of events) expect((await deliver(event)).json).toMatchObject({ outcome: "applied" });
    expect(await db.subscription.findUniqueOrThrow({ where: { teamId: user.teamId } })).toMatchObject({ planId: "team", cancelAtPeriodEnd: true });

    // Someone else's subscription cannot be changed from this portal session.
    expect((await post(`${portalUrl}/cancel`, { subscription: "sub_not_mine" })).status).toBe(404);
  });
});
