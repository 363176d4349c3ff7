/** Security headers on a production build: a per-request CSP nonce on Next's scripts, no framing, nosniff. */
import { expect, test } from "./fixtures";
import { E2E } from "./ports";

test("pages carry a nonce-based CSP that allows the telemetry destination, and cannot be framed", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(`connect-src 'self' ${E2E.receiverUrl}`);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next.js put the nonce on its scripts; a second load gets a different one.
  const scriptNonces = await page.locator("script[nonce]").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(scriptNonces.every((n) => n === nonce)).toBe(true);
  const again = (await (await page.request.get("/sign-in")).headersArray()).find((h) => h.name.toLowerCase() === "content-security-policy")!.value;
  expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
});

test("another site cannot frame the app", async ({ browser }) => {
  // A page of its own: the refusal is itself a CSP report in the console, which other tests forbid.
  const attacker = await browser.newPage();
  const refusals: string[] = [];
  attacker.on("console", (message) => refusals.push(message.text()));
  await attacker.setContent(`<iframe src="${E2E.appUrl}/sign-in" title="framed"></iframe>`);
  await expect.poll(() => refusals.some((text) => /frame-ancestors|X-Frame-Options/i.test(text)), { timeout: 10_000 }).toBe(true);
  await expect(attacker.frameLocator("iframe[title=framed]").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  await attacker.close();
});

test("with telemetry off, the CSP allows no telemetry origin", async ({ request }) => {
  const csp = (await request.get(`${E2E.appOffUrl}/sign-in`)).headers()["content-security-policy"] ?? "";
  expect(csp).toContain("connect-src 'self'; ");
  expect(csp).not.toContain(E2E.receiverUrl);
});
