/**
 * A local Stripe-compatible API for development and tests (Stripe's API is unreachable here).
 * It speaks what the official `stripe` SDK sends: form-encoded bodies, Bearer keys,
 * Idempotency-Key, Stripe's object and error shapes; and on every state change it delivers
 * a webhook signed like Stripe (`Stripe-Signature: t=…,v1=HMAC-SHA256`) to the app.
 *
 * Covered: customers (create, retrieve, update), payment_methods attach (test tokens such as
 * pm_card_visa and pm_card_chargeDeclined), subscriptions (create, retrieve, list, update, cancel),
 * Checkout sessions (create, retrieve) with a hosted card page at /checkout/<id>, and Customer
 * Portal sessions with a hosted page at /portal/<id> (change plan, cancel, renew). Both hosted pages
 * are reached by their unguessable session id, like Stripe's.
 * Test controls under /_local: events, reset, advance a period, fail a payment.
 */
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { FormError, parseForm } from "./form.mjs";
import { challengePage, checkoutPage, portalPage, TEST_CARD_NUMBERS } from "./hosted-pages.mjs";

const API_VERSION = "2026-10-28.endive";
const DAY = 86_400;

/** Test payment-method tokens, as in Stripe's test mode. */
const TEST_CARDS = {
  pm_card_visa: { brand: "visa", last4: "4242", declines: false },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", declines: false },
  pm_card_chargeDeclined: { brand: "visa", last4: "0002", declines: true },
  pm_card_chargeDeclinedInsufficientFunds: { brand: "visa", last4: "9995", declines: true },
};

const id = (/** @type {string} */ prefix) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

class StripeError extends Error {
  /** @param {number} status @param {Record<string, unknown>} body */
  constructor(status, body) {
    super(String(body.message));
    this.status = status;
    this.body = body;
  }
}
const missing = (/** @type {string} */ kind, /** @type {string} */ value, /** @type {string} */ param = "id") =>
  new StripeError(404, { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${kind}: '${value}'` });
const invalid = (/** @type {string} */ message, /** @type {string} */ param) =>
  new StripeError(400, { type: "invalid_request_error", code: "parameter_invalid", param, message });

/**
 * @param {{
 *   port?: number,
 *   webhookUrl?: string,
 *   webhookSecret: string,
 *   prices: Record<string, number>,
 *   priceNames?: Record<string, string>,
 *   stateFile?: string,
 *   log?: (line: string) => void,
 * }} options
 */
/** Largest request body accepted; Stripe's own API requests are a few KB. */
const MAX_BODY = 256 * 1024;

const emptyState = () => ({ customers: {}, paymentMethods: {}, subscriptions: {}, checkoutSessions: {}, portalSessions: {}, events: [], idempotency: {} });

export function createStripeServer({ port = 12111, host = "127.0.0.1", webhookUrl, webhookSecret, prices, priceNames = {}, stateFile, log = () => {} }) {
  /** @type {{ customers: Record<string, any>, paymentMethods: Record<string, any>, subscriptions: Record<string, any>, checkoutSessions: Record<string, any>, portalSessions: Record<string, any>, events: any[], idempotency: Record<string, { status: number, body: unknown }> }} */
  let state = load();
  /** Webhooks go out one after another, in the order the changes happened. */
  let delivery = Promise.resolve();
  let freezeUntil = 0;

  function load() {
    const empty = emptyState();
    if (!stateFile) return empty;
    try {
      return { ...empty, ...JSON.parse(readFileSync(stateFile, "utf8")) };
    } catch {
      return empty;
    }
  }
  /** Writes the state at most every 200 ms: rewriting a growing file on every request made each request slower. */
  let saveTimer;
  function save() {
    if (!stateFile || saveTimer) return;
    saveTimer = setTimeout(writeState, 200);
  }
  function writeState() {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!stateFile) return;
    mkdirSync(path.dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, JSON.stringify(state));
  }

  function price(priceId, param = "items[0][price]") {
    const amount = prices[priceId];
    if (amount === undefined) throw missing("price", priceId, param);
    return { id: priceId, object: "price", active: true, currency: "usd", unit_amount: amount, recurring: { interval: "month", interval_count: 1 }, livemode: false };
  }
  function customer(customerId, param = "customer") {
    const c = state.customers[customerId];
    if (!c) throw missing("customer", customerId, param);
    return c;
  }
  function subscription(subId) {
    const s = state.subscriptions[subId];
    if (!s) throw missing("subscription", subId);
    return s;
  }
  /** Charging a customer's default card: a declining test card fails like Stripe's card_error. */
  function charge(customerObj, amount) {
    if (amount === 0) return;
    const pmId = customerObj.invoice_settings.default_payment_method;
    if (!pmId) {
      throw new StripeError(400, {
        type: "invalid_request_error",
        code: "resource_missing",
        message: "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
      });
    }
    if (state.paymentMethods[pmId]?.declines) {
      throw new StripeError(402, {
        type: "card_error",
        code: "card_declined",
        decline_code: "generic_decline",
        message: "Your card was declined.",
      });
    }
  }

  function emit(type, object, previous) {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: API_VERSION,
      created: now(),
      type,
      livemode: false,
      pending_webhooks: webhookUrl ? 1 : 0,
      data: { object: structuredClone(object), ...(previous && { previous_attributes: previous }) },
    };
    state.events.push(event);
    if (webhookUrl) delivery = delivery.then(() => deliver(event));
  }

  async function deliver(event, attempt = 1) {
    const payload = JSON.stringify(event);
    const timestamp = now();
    const signature = createHmac("sha256", webhookSecret).update(`${timestamp}.${payload}`).digest("hex");
    try {
      const res = await fetch(/** @type {string} */ (webhookUrl), {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": `t=${timestamp},v1=${signature}` },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      log(`webhook ${event.type} ${event.id} → ${res.status}`);
      if (res.ok) return;
    } catch (error) {
      log(`webhook ${event.type} ${event.id} failed: ${error instanceof Error ? error.message : error}`);
    }
    if (attempt < 4) {
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
      return deliver(event, attempt + 1);
    }
  }

  function newPeriod(item, from = now()) {
    item.current_period_start = from;
    item.current_period_end = from + 30 * DAY;
  }


  /** A subscription charged to the customer's default card now (a declining card throws card_error, nothing is made). */
  function createSubscription(c, priceId, metadata, cancelAtPeriodEnd = false) {
    const pr = price(priceId);
    charge(c, pr.unit_amount);
    const s = {
      id: id("sub"),
      object: "subscription",
      customer: c.id,
      status: "active",
      cancel_at_period_end: cancelAtPeriodEnd,
      canceled_at: null,
      ended_at: null,
      created: now(),
      start_date: now(),
      currency: "usd",
      default_payment_method: c.invoice_settings.default_payment_method,
      latest_invoice: id("in"),
      metadata: { ...metadata },
      livemode: false,
      items: { object: "list", data: [], has_more: false, total_count: 1, url: "" },
    };
    const item = { id: id("si"), object: "subscription_item", price: pr, quantity: 1, subscription: s.id, created: now() };
    newPeriod(item);
    s.items.data.push(item);
    s.items.url = `/v1/subscription_items?subscription=${s.id}`;
    state.subscriptions[s.id] = s;
    emit("customer.subscription.created", s);
    return s;
  }
  /** Moves a subscription to another price, charging the new amount; returns the previous items. */
  function changePrice(s, priceId) {
    const pr = price(priceId);
    charge(customer(s.customer), pr.unit_amount);
    const previous = structuredClone(s.items);
    s.items.data[0].price = pr;
    return previous;
  }
  function setCancel(s, cancel) {
    s.cancel_at_period_end = cancel;
    s.canceled_at = cancel ? now() : null;
  }
  /** The invoice Stripe reports once a subscription's payment went through. */
  function emitInvoicePaid(s) {
    const amount = s.items.data[0].price.unit_amount;
    emit("invoice.paid", {
      id: id("in"),
      object: "invoice",
      customer: s.customer,
      status: "paid",
      amount_paid: amount,
      currency: "usd",
      parent: { type: "subscription_details", subscription_details: { subscription: s.id, metadata: { ...s.metadata } } },
    });
  }
  /** A Checkout session as the API shows it (internal fields stay inside). */
  const publicSession = (cs) => Object.fromEntries(Object.entries(cs).filter(([key]) => !key.startsWith("_")));

  /** @type {Record<string, (params: any, match: string[], origin: string) => [number, unknown]>} */
  const routes = {
    "POST /v1/customers": (p) => {
      const c = {
        id: id("cus"),
        object: "customer",
        created: now(),
        email: p.email ?? null,
        name: p.name ?? null,
        metadata: p.metadata ?? {},
        invoice_settings: { default_payment_method: null },
        livemode: false,
      };
      state.customers[c.id] = c;
      if (p.payment_method) attach(p.payment_method, c.id, "payment_method");
      if (p.invoice_settings?.default_payment_method) setDefault(c, p.invoice_settings.default_payment_method);
      return [200, c];
    },
    "GET /v1/customers/:id": (_p, [cid]) => [200, customer(cid, "id")],
    "POST /v1/customers/:id": (p, [cid]) => {
      const c = customer(cid, "id");
      for (const key of ["email", "name"]) if (p[key] !== undefined) c[key] = p[key];
      if (p.metadata) Object.assign(c.metadata, p.metadata);
      if (p.invoice_settings?.default_payment_method) setDefault(c, p.invoice_settings.default_payment_method);
      return [200, c];
    },
    "POST /v1/payment_methods/:id/attach": (p, [token]) => {
      if (!p.customer) throw invalid("Missing required param: customer.", "customer");
      customer(p.customer);
      return [200, attach(token, p.customer, "id")];
    },
    "POST /v1/subscriptions": (p) => {
      if (!p.customer) throw invalid("Missing required param: customer.", "customer");
      const c = customer(p.customer);
      const priceId = p.items?.[0]?.price;
      if (!priceId) throw invalid("Missing required param: items[0][price].", "items[0][price]");
      const s = createSubscription(c, priceId, p.metadata ?? {}, p.cancel_at_period_end === "true");
      return [200, s];
    },
    "GET /v1/subscriptions": (p) => {
      const data = Object.values(state.subscriptions).filter((s) => !p.customer || s.customer === p.customer);
      return [200, { object: "list", data, has_more: false, url: "/v1/subscriptions" }];
    },
    "GET /v1/subscriptions/:id": (_p, [sid]) => [200, subscription(sid)],
    "POST /v1/subscriptions/:id": (p, [sid]) => {
      const s = subscription(sid);
      if (s.status === "canceled") throw invalid("A canceled subscription can only update its cancellation_details and metadata.", "id");
      const previous = {};
      const newPrice = p.items?.[0]?.price;
      if (newPrice && newPrice !== s.items.data[0].price.id) {
        previous.items = changePrice(s, newPrice);
      }
      if (p.cancel_at_period_end !== undefined) {
        previous.cancel_at_period_end = s.cancel_at_period_end;
        setCancel(s, p.cancel_at_period_end === "true");
      }
      if (p.metadata) {
        previous.metadata = { ...s.metadata };
        Object.assign(s.metadata, p.metadata);
      }
      emit("customer.subscription.updated", s, previous);
      return [200, s];
    },
    "POST /v1/checkout/sessions": (p, _m, origin) => {
      if (p.mode !== "subscription") throw invalid("Only mode=subscription is supported by the local server.", "mode");
      if (!p.success_url) throw invalid("Missing required param: success_url.", "success_url");
      const priceId = p.line_items?.[0]?.price;
      if (!priceId) throw invalid("Missing required param: line_items[0][price].", "line_items[0][price]");
      const pr = price(priceId, "line_items[0][price]");
      if (p.customer) customer(p.customer);
      const cs = {
        id: id("cs_test"),
        object: "checkout.session",
        mode: "subscription",
        status: "open",
        payment_status: "unpaid",
        customer: p.customer ?? null,
        customer_email: p.customer_email ?? null,
        client_reference_id: p.client_reference_id ?? null,
        metadata: p.metadata ?? {},
        subscription: null,
        success_url: p.success_url,
        cancel_url: p.cancel_url ?? null,
        amount_total: pr.unit_amount,
        currency: "usd",
        created: now(),
        expires_at: now() + DAY,
        url: "",
        livemode: false,
        _price: priceId,
        _subscriptionMetadata: p.subscription_data?.metadata ?? {},
      };
      cs.url = `${origin}/checkout/${cs.id}`;
      state.checkoutSessions[cs.id] = cs;
      return [200, publicSession(cs)];
    },
    "GET /v1/checkout/sessions/:id": (_p, [csid]) => {
      const cs = state.checkoutSessions[csid];
      if (!cs) throw missing("checkout.session", csid);
      return [200, publicSession(cs)];
    },
    "POST /v1/billing_portal/sessions": (p, _m, origin) => {
      if (!p.customer) throw invalid("Missing required param: customer.", "customer");
      customer(p.customer);
      const ps = { id: id("bps"), object: "billing_portal.session", customer: p.customer, return_url: p.return_url ?? null, created: now(), livemode: false, url: "" };
      ps.url = `${origin}/portal/${ps.id}`;
      state.portalSessions[ps.id] = ps;
      return [200, ps];
    },
    "DELETE /v1/subscriptions/:id": (_p, [sid]) => {
      const s = subscription(sid);
      endSubscription(s);
      return [200, s];
    },
    // ── test controls (not part of Stripe's API) ──
    "GET /_local/events": () => [200, { data: state.events }],
    /** Failure tests: every API request waits until `ms` from now (a frozen Stripe). */
    "POST /_local/freeze": (p) => {
      freezeUntil = Date.now() + Math.min(Number(p.ms) || 0, 120_000);
      return [200, { frozenUntil: freezeUntil }];
    },
    "POST /_local/reset": () => {
      state = emptyState();
      return [200, { reset: true }];
    },
    "POST /_local/subscriptions/:id/advance": (_p, [sid]) => {
      const s = subscription(sid);
      if (s.cancel_at_period_end) endSubscription(s);
      else {
        const item = s.items.data[0];
        newPeriod(item, item.current_period_end);
        emit("customer.subscription.updated", s, { items: null });
      }
      return [200, s];
    },
    "POST /_local/subscriptions/:id/fail_payment": (_p, [sid]) => {
      const s = subscription(sid);
      const invoice = {
        id: id("in"),
        object: "invoice",
        customer: s.customer,
        status: "open",
        attempted: true,
        parent: { subscription_details: { subscription: s.id, metadata: { ...s.metadata } } },
      };
      emit("invoice.payment_failed", invoice);
      s.status = "past_due";
      emit("customer.subscription.updated", s, { status: "active" });
      return [200, s];
    },
  };

  function endSubscription(s) {
    if (s.status === "canceled") return;
    s.status = "canceled";
    s.ended_at = now();
    s.canceled_at ??= now();
    emit("customer.subscription.deleted", s);
  }
  function attach(token, customerId, param) {
    const card = TEST_CARDS[/** @type {keyof typeof TEST_CARDS} */ (token)];
    if (!card) throw missing("PaymentMethod", token, param);
    const pm = {
      id: id("pm"),
      object: "payment_method",
      type: "card",
      customer: customerId,
      created: now(),
      card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3 },
      livemode: false,
    };
    state.paymentMethods[pm.id] = { ...pm, declines: card.declines };
    return pm;
  }
  function setDefault(c, pmId) {
    const pm = state.paymentMethods[pmId];
    if (!pm || pm.customer !== c.id) throw missing("PaymentMethod", pmId, "invoice_settings[default_payment_method]");
    c.invoice_settings.default_payment_method = pmId;
  }


  const priceLabel = (priceId) => priceNames[priceId] ?? priceId;

  /**
   * The hosted pages: GET renders, POST acts and redirects (303) like a form on Stripe's pages.
   * @returns {{ status: number, html: string } | { redirect: string }}
   */
  function hosted(method, pathname, params) {
    const [, kind, sessionId, action = ""] = pathname.split("/");
    if (kind === "checkout") {
      const cs = state.checkoutSessions[sessionId];
      if (!cs) return { status: 404, html: "Checkout session not found." };
      const view = { id: cs.id, amount: cs.amount_total, priceLabel: priceLabel(cs._price), email: cs.customer ? customer(cs.customer).email : cs.customer_email, cancelUrl: cs.cancel_url ?? cs.success_url };
      if (cs.status !== "open") return { redirect: successUrl(cs) };
      if (method === "GET" && action === "") return { status: 200, html: checkoutPage(view) };
      if (method === "POST" && action === "pay") {
        const number = String(params.card ?? "").replace(/\s+/g, "");
        const card = TEST_CARD_NUMBERS[/** @type {keyof typeof TEST_CARD_NUMBERS} */ (number)];
        const values = { card: String(params.card ?? ""), exp: String(params.exp ?? ""), cvc: String(params.cvc ?? ""), name: String(params.name ?? "") };
        if (!/^\d{2}\s*\/\s*\d{2}$/.test(values.exp) || !/^\d{3,4}$/.test(values.cvc)) {
          return { status: 400, html: checkoutPage(view, { error: "Enter the expiry as MM / YY and a 3 or 4 digit CVC.", values }) };
        }
        if (!card) return { status: 402, html: checkoutPage(view, { error: "Your card number is invalid. Use one of Stripe's test cards.", values }) };
        if (card.outcome === "declined") return { status: 402, html: checkoutPage(view, { error: card.message, values }) };
        if (card.outcome === "requires_action") {
          cs._pendingCard = card;
          return { status: 200, html: challengePage(view) };
        }
        completeCheckout(cs, card);
        return { redirect: successUrl(cs) };
      }
      if (method === "POST" && action === "authenticate" && cs._pendingCard) {
        const card = cs._pendingCard;
        delete cs._pendingCard;
        if (params.result !== "complete") {
          return { status: 402, html: checkoutPage(view, { error: "We are unable to authenticate your payment method. Choose another one and try again." }) };
        }
        completeCheckout(cs, card);
        return { redirect: successUrl(cs) };
      }
      return { status: 405, html: "Not allowed." };
    }
    const ps = state.portalSessions[sessionId];
    if (!ps || ps.created + DAY < now()) return { status: 404, html: "Billing portal session not found or expired." };
    const c = customer(ps.customer);
    const render = (state_ = {}, status = 200) => ({
      status,
      html: portalPage(
        { id: ps.id, returnUrl: ps.return_url ?? "/", email: c.email },
        Object.values(state.subscriptions)
          .filter((sub) => sub.customer === c.id)
          .map((sub) => ({
            id: sub.id,
            status: sub.status,
            priceId: sub.items.data[0].price.id,
            priceLabel: priceLabel(sub.items.data[0].price.id),
            amount: sub.items.data[0].price.unit_amount,
            cancelAtPeriodEnd: sub.cancel_at_period_end,
            periodEnd: sub.items.data[0].current_period_end,
          })),
        Object.entries(prices).map(([priceId, amount]) => ({ id: priceId, label: priceLabel(priceId), amount })),
        state_,
      ),
    });
    const NOTICES = { updated: "Your plan was changed.", cancelled: "Your plan will be cancelled at the end of the period.", renewed: "Your plan will renew." };
    if (method === "GET" && action === "") return render({ notice: NOTICES[/** @type {keyof typeof NOTICES} */ (params.done)] });
    if (method !== "POST") return { status: 405, html: "Not allowed." };
    const sub = state.subscriptions[String(params.subscription ?? "")];
    if (!sub || sub.customer !== c.id || sub.status === "canceled") return render({ error: "That subscription is not active." }, 404);
    if (action === "update") {
      try {
        const previous = changePrice(sub, String(params.price ?? ""));
        emit("customer.subscription.updated", sub, { items: previous });
        emitInvoicePaid(sub);
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        return render({ error: String(error.body.message) }, error.status);
      }
      return { redirect: `/portal/${ps.id}?done=updated` };
    }
    if (action === "cancel" || action === "renew") {
      const previous = { cancel_at_period_end: sub.cancel_at_period_end };
      setCancel(sub, action === "cancel");
      emit("customer.subscription.updated", sub, previous);
      return { redirect: `/portal/${ps.id}?done=${action === "cancel" ? "cancelled" : "renewed"}` };
    }
    return render({ error: "Unknown action." }, 404);
  }

  function successUrl(cs) {
    return cs.success_url.replace("{CHECKOUT_SESSION_ID}", cs.id);
  }

  /** A paid Checkout: the card becomes the customer's default, the subscription is made and the events go out in Stripe's order. */
  function completeCheckout(cs, card) {
    let c = cs.customer ? state.customers[cs.customer] : null;
    if (!c) {
      c = { id: id("cus"), object: "customer", created: now(), email: cs.customer_email, name: null, metadata: {}, invoice_settings: { default_payment_method: null }, livemode: false };
      state.customers[c.id] = c;
      cs.customer = c.id;
    }
    const pm = { id: id("pm"), object: "payment_method", type: "card", customer: c.id, created: now(), card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: new Date().getFullYear() + 3 }, livemode: false };
    state.paymentMethods[pm.id] = { ...pm, declines: false };
    c.invoice_settings.default_payment_method = pm.id;
    const sub = createSubscription(c, cs._price, cs._subscriptionMetadata);
    emitInvoicePaid(sub);
    cs.status = "complete";
    cs.payment_status = "paid";
    cs.subscription = sub.id;
    emit("checkout.session.completed", publicSession(cs));
  }

  function route(method, pathname) {
    for (const [key, handler] of Object.entries(routes)) {
      const [m, pattern] = key.split(" ");
      if (m !== method) continue;
      const names = [];
      const regex = new RegExp(`^${pattern.replace(/:id/g, () => (names.push("id"), "([^/]+)"))}$`);
      const match = regex.exec(pathname);
      if (match) return { handler, params: match.slice(1).map(decodeURIComponent) };
    }
    return null;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stripe.local");
    const requestId = id("req");
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": requestId, "stripe-version": API_VERSION });
      res.end(JSON.stringify(body, null, 2));
    };
    const tooLarge = () => {
      send(413, { error: { type: "invalid_request_error", message: `Request body larger than ${MAX_BODY} bytes.` } });
      req.destroy();
    };
    try {
      const local = url.pathname.startsWith("/_local/");
      const page = /^\/(checkout|portal)\/[\w-]+(\/\w+)?$/.test(url.pathname);
      if (!local && !page && !/^Bearer (sk|rk)_\S+$/.test(req.headers.authorization ?? "")) {
        return send(401, {
          error: { type: "invalid_request_error", message: "You did not provide a valid API key. Use Authorization: Bearer sk_test_…" },
        });
      }
      if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) return tooLarge();
      const chunks = [];
      let size = 0;
      for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY) return tooLarge();
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      let params;
      try {
        params = req.method === "GET" || req.method === "DELETE" ? parseForm(url.search.slice(1)) : parseForm(text);
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return send(400, { error: { type: "invalid_request_error", message: error.message } });
      }

      if (page) {
        const result = hosted(req.method ?? "GET", url.pathname, params);
        save();
        log(`${req.method} ${url.pathname} → ${"redirect" in result ? 303 : result.status}`);
        if ("redirect" in result) {
          res.writeHead(303, { location: result.redirect, "cache-control": "no-store" });
          return res.end();
        }
        res.writeHead(result.status, {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          "referrer-policy": "no-referrer",
        });
        return res.end(result.html);
      }

      const key = req.headers["idempotency-key"];
      const cacheKey = typeof key === "string" && req.method === "POST" ? `${req.headers.authorization}|${key}` : null;
      if (cacheKey && state.idempotency[cacheKey]) {
        const cached = state.idempotency[cacheKey];
        res.setHeader("idempotent-replayed", "true");
        return send(cached.status, cached.body);
      }

      if (!local && freezeUntil > Date.now()) await new Promise((resolve) => setTimeout(resolve, freezeUntil - Date.now()));
      const found = route(req.method ?? "GET", url.pathname);
      if (!found) return send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
      let status;
      let body;
      try {
        [status, body] = found.handler(params, found.params, `http://${req.headers.host ?? `127.0.0.1:${port}`}`);
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        status = error.status;
        body = { error: { ...error.body, request_log_url: `local://${requestId}` } };
      }
      // Stripe replays the first answer to a retried key, errors included (except 5xx).
      if (cacheKey && status < 500) state.idempotency[cacheKey] = { status, body };
      if (!local || url.pathname === "/_local/reset" || req.method === "POST") save();
      log(`${req.method} ${url.pathname} → ${status}`);
      return send(status, body);
    } catch (error) {
      log(`error: ${error instanceof Error ? error.stack : error}`);
      return send(500, { error: { type: "api_error", message: "Local Stripe server error." } });
    }
  });

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        // Loopback only by default: its event log and state are nobody else's business.
        server.listen(port, host, () => resolve(server.address()));
      }),
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          if (saveTimer) writeState();
          resolve(undefined);
        }),
      ),
    /** Resolves when every webhook queued so far has been delivered (or given up on). */
    drained: () => delivery,
  };
}
