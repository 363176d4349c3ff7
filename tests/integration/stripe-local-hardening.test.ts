/**
 * The local Stripe stand-in listens on loopback only, refuses prototype-polluting parameters and
 * caps request bodies. Before: it listened on every interface (its event log readable from the
 * network), `__proto__[x]=1` reached Object.prototype, and bodies had no size limit.
 */
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForm } from "@/tools/stripe-local/form.mjs";
import { createStripeServer } from "@/tools/stripe-local/stripe-local.mjs";

let stripe: ReturnType<typeof createStripeServer>;
let port = 0;
beforeAll(async () => {
  stripe = createStripeServer({ port: 0, webhookSecret: "whsec_test", prices: { price_pro_monthly: 1900 } });
  port = ((await stripe.listen()) as { port: number }).port;
});
afterAll(() => stripe.close());

const auth = { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" };

describe("the local Stripe server", () => {
  it("listens on loopback only", () => {
    const address = stripe.server.address() as { address: string };
    expect(address.address).toBe("127.0.0.1");
    const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === "IPv4");
    if (external) expect(address.address).not.toBe(external.address);
  });

  it("refuses parameters that would reach an object's prototype", async () => {
    expect(() => parseForm("__proto__[polluted]=1")).toThrow(/Invalid parameter/);
    expect(() => parseForm("metadata[__proto__][polluted]=1")).toThrow(/Invalid parameter/);
    expect(() => parseForm("constructor[prototype][polluted]=1")).toThrow(/Invalid parameter/);
    const response = await fetch(`http://127.0.0.1:${port}/v1/customers`, { method: "POST", headers: auth, body: "email=a@example.com&__proto__[polluted]=1" });
    expect(response.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers 413 to a body over the cap, and keeps serving", async () => {
    const big = `email=a@example.com&name=${"x".repeat(1024 * 1024)}`;
    const response = await fetch(`http://127.0.0.1:${port}/v1/customers`, { method: "POST", headers: auth, body: big }).catch(() => null);
    expect(response === null || response.status === 413).toBe(true);
    const ok = await fetch(`http://127.0.0.1:${port}/v1/customers`, { method: "POST", headers: auth, body: "email=b@example.com" });
    expect(ok.status).toBe(200);
  });
});
