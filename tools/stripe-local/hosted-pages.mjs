// @ts-check
/**
 * HTML of the local Stripe server's hosted pages: Checkout (a card form that takes Stripe's test
 * card numbers), the 3-D Secure challenge, and the Customer Portal. Plain server-rendered forms, no
 * script: what the browser needs to walk through the same steps as on Stripe's own pages.
 */

/** Stripe's test card numbers: what each does at this server. */
export const TEST_CARD_NUMBERS = {
  "4242424242424242": { brand: "visa", last4: "4242", outcome: "succeeds" },
  "5555555555554444": { brand: "mastercard", last4: "4444", outcome: "succeeds" },
  "4000000000000002": { brand: "visa", last4: "0002", outcome: "declined", message: "Your card was declined." },
  "4000000000009995": { brand: "visa", last4: "9995", outcome: "declined", message: "Your card has insufficient funds." },
  "4000002500003155": { brand: "visa", last4: "3155", outcome: "requires_action" },
  "4000000000003220": { brand: "visa", last4: "3220", outcome: "requires_action" },
};

const escape = (/** @type {unknown} */ value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
export const money = (/** @type {number} */ cents) => `$${(cents / 100).toFixed(2)}`;

/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002;padding:2rem}
h1{font-size:1.25rem;margin:0 0 .25rem}label{display:block;margin-top:1rem;font-weight:600;font-size:.85rem}
input{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #cbd2d9;border-radius:6px;font:inherit}
button{margin-top:1.25rem;width:100%;padding:.65rem;border:0;border-radius:6px;background:#635bff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#e3e8ee;color:#1a1f36}.error{background:#fde8e8;color:#9b1c1c;padding:.6rem;border-radius:6px}
.notice{background:#e6f6ec;color:#05603a;padding:.6rem;border-radius:6px}.muted{color:#697386;font-size:.85rem}
.row{display:flex;gap:.75rem}.row>*{flex:1}section{border-top:1px solid #e3e8ee;margin-top:1.25rem;padding-top:1rem}
</style></head><body><main>${body}<p class="muted">Local Stripe test page: no real card is charged.</p></main></body></html>`;
}

/**
 * @param {{ id: string, amount: number, priceLabel: string, email: string | null, cancelUrl: string }} session
 * @param {{ error?: string, values?: Record<string, string> }} [state]
 */
export function checkoutPage(session, state = {}) {
  const v = state.values ?? {};
  return page(
    "Checkout",
    `<h1>Subscribe</h1><p>${escape(session.priceLabel)}: <strong>${money(session.amount)} per month</strong></p>
${session.email ? `<p class="muted">Billed to ${escape(session.email)}</p>` : ""}
${state.error ? `<p class="error" role="alert">${escape(state.error)}</p>` : ""}
<form method="post" action="/checkout/${escape(session.id)}/pay">
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" value="${escape(v.card ?? "")}" required>
<div class="row"><div><label for="exp">Expiry</label><input id="exp" name="exp" placeholder="MM / YY" value="${escape(v.exp ?? "")}" required></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" placeholder="123" value="${escape(v.cvc ?? "")}" required></div></div>
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" value="${escape(v.name ?? "")}">
<button type="submit">Pay ${money(session.amount)}</button></form>
<p><a href="${escape(session.cancelUrl)}">← Back</a></p>
<p class="muted">Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 0002 is declined · 4000 0025 0000 3155 asks for authentication.</p>`,
  );
}

/** @param {{ id: string, amount: number }} session */
export function challengePage(session) {
  return page(
    "Authenticate your payment",
    `<h1>Authenticate your payment</h1><p>Your bank asks you to confirm the payment of ${money(session.amount)} (3-D Secure test).</p>
<form method="post" action="/checkout/${escape(session.id)}/authenticate"><input type="hidden" name="result" value="complete"><button type="submit">Complete authentication</button></form>
<form method="post" action="/checkout/${escape(session.id)}/authenticate"><input type="hidden" name="result" value="fail"><button class="secondary" type="submit">Fail authentication</button></form>`,
  );
}

/**
 * @param {{ id: string, returnUrl: string, email: string | null }} portal
 * @param {{ id: string, status: string, priceId: string, priceLabel: string, amount: number, cancelAtPeriodEnd: boolean, periodEnd: number }[]} subscriptions
 * @param {{ id: string, label: string, amount: number }[]} prices
 * @param {{ error?: string, notice?: string }} [state]
 */
export function portalPage(portal, subscriptions, prices, state = {}) {
  const live = subscriptions.filter((s) => s.status !== "canceled");
  const rows = live.map((s) => {
    const date = new Date(s.periodEnd * 1000).toISOString().slice(0, 10);
    const switches = prices
      .filter((p) => p.id !== s.priceId)
      .map(
        (p) => `<form method="post" action="/portal/${escape(portal.id)}/update"><input type="hidden" name="subscription" value="${escape(s.id)}">
<input type="hidden" name="price" value="${escape(p.id)}"><button class="secondary" type="submit">Switch to ${escape(p.label)} (${money(p.amount)}/month)</button></form>`,
      )
      .join("");
    const cancel = s.cancelAtPeriodEnd
      ? `<p>Cancels on ${date}.</p><form method="post" action="/portal/${escape(portal.id)}/renew"><input type="hidden" name="subscription" value="${escape(s.id)}"><button type="submit">Don't cancel</button></form>`
      : `<p>Renews on ${date}.</p><form method="post" action="/portal/${escape(portal.id)}/cancel"><input type="hidden" name="subscription" value="${escape(s.id)}"><button class="secondary" type="submit">Cancel plan</button></form>`;
    return `<section aria-label="Current plan"><p>Current plan: <strong>${escape(s.priceLabel)}</strong> · ${money(s.amount)}/month · ${escape(s.status)}</p>${cancel}${switches}</section>`;
  });
  return page(
    "Billing",
    `<h1>Billing</h1>${portal.email ? `<p class="muted">${escape(portal.email)}</p>` : ""}
${state.error ? `<p class="error" role="alert">${escape(state.error)}</p>` : ""}${state.notice ? `<p class="notice" role="status">${escape(state.notice)}</p>` : ""}
${rows.join("") || "<p>No active subscription.</p>"}
<p><a href="${escape(portal.returnUrl)}">← Return to the app</a></p>`,
  );
}
