import { ESLint, RuleTester } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "@/eslint-rules/observability.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } });
const rules = plugin.rules;

tester.run("route-handlers-wrapped", rules["route-handlers-wrapped"], {
  valid: [
    "export const GET = withHighlight(async () => new Response('ok'));",
    "export const dynamic = 'force-dynamic'; export const POST = withHighlight(handler);",
    { code: "export const GET = apiRoute(handler);", options: [{ wrappers: ["apiRoute"] }] },
  ],
  invalid: [
    { code: "export async function GET() { return new Response('ok'); }", errors: [{ messageId: "unwrapped" }] },
    { code: "export const POST = async () => new Response('ok');", errors: [{ messageId: "unwrapped" }] },
    { code: "export const DELETE = withSomethingElse(handler);", errors: [{ messageId: "unwrapped" }] },
    { code: "export const GET = apiRoute(handler);", errors: [{ messageId: "unwrapped" }] }, // not a declared wrapper
  ],
});

tester.run("server-actions-wrapped", rules["server-actions-wrapped"], {
  valid: [
    "'use server'; export const createProject = withHighlightAction('create_project', schema, fn);",
    "export async function notAnAction() {}", // no 'use server': not an actions module
  ],
  invalid: [
    { code: "'use server'; export async function createProject() {}", errors: [{ messageId: "unwrapped" }] },
    { code: "'use server'; export const deleteProject = async () => {};", errors: [{ messageId: "unwrapped" }] },
  ],
});

tester.run("span-names", rules["span-names"], {
  valid: [
    "withSpan('save_subscription', {}, fn);",
    "withSpan(`fetch_user`, {}, fn);",
    "withHighlightAction('create_project', schema, fn);",
    "tracer.startActiveSpan(`${method} ${path}`, fn);", // HTTP server spans follow OTel's 'METHOD route'
  ],
  invalid: [
    { code: "withSpan('handler', {}, fn);", errors: [{ messageId: "badName" }] },
    { code: "withSpan('span1', {}, fn);", errors: [{ messageId: "badName" }] },
    { code: "withSpan('span_1', {}, fn);", errors: [{ messageId: "badName" }] },
    { code: "withSpan('SaveSubscription', {}, fn);", errors: [{ messageId: "badName" }] },
    { code: "withSpan(name, {}, fn);", errors: [{ messageId: "notLiteral" }] },
    { code: "withHighlightAction('doIt', schema, fn);", errors: [{ messageId: "badName" }] },
  ],
});

tester.run("no-secret-logging", rules["no-secret-logging"], {
  valid: [
    "logger.info('user signed in', { userId: user.id });",
    "logger.warn('rate limited', { retryAfter });",
    "console.log('ready');",
  ],
  invalid: [
    { code: "logger.info('sign in', { email, password });", errors: [{ messageId: "secret" }] },
    { code: "logger.debug('body', { user: { passwordHash: hash } });", errors: [{ messageId: "secret" }] },
    { code: "logger.info('token', token);", errors: [{ messageId: "secret" }] },
    { code: "logger.error('auth', { authorization: req.headers.get('authorization') });", errors: [{ messageId: "secret" }] },
    { code: "console.log('stripe', { 'api-key': key });", errors: [{ messageId: "secret" }] },
    { code: "logger.info('webhook', env.STRIPE_WEBHOOK_SECRET);", errors: [{ messageId: "secret" }] },
    { code: "H.log('card', 'info', undefined, undefined, { cardNumber: n });", errors: [{ messageId: "secret" }] },
  ],
});

describe("the repo's ESLint config applies the rules", () => {
  it("flags each mistake in the fixtures, and passes the good code next to them", async () => {
    const eslint = new ESLint({ ignore: false });
    const results = await eslint.lintFiles(["tests/fixtures/lint/app/api/orders/route.ts", "tests/fixtures/lint/app/dashboard/actions.ts"]);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath.split("tests/fixtures/lint/")[1]}:${m.line} ${m.ruleId}`));
    expect(found.sort()).toEqual(
      [
        "app/api/orders/route.ts:7 observability/route-handlers-wrapped",
        "app/api/orders/route.ts:13 observability/no-secret-logging",
        "app/api/orders/route.ts:14 observability/span-names",
        "app/dashboard/actions.ts:6 observability/server-actions-wrapped",
      ].sort(),
    );
  }, 30_000);
});

describe("the observability layer knows nothing of the product", () => {
  it("refuses product imports in lib/observability, and server code or Node APIs in shared/", async () => {
    const eslint = new ESLint({ ignore: false });
    const results = await eslint.lintFiles([
      "tests/fixtures/lint/lib/observability/server/leaky.ts",
      "tests/fixtures/lint/lib/observability/shared/not-edge-safe.ts",
    ]);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath.split("tests/fixtures/lint/")[1]}:${m.line} ${m.ruleId}`));
    expect(found.sort()).toEqual(
      [
        "lib/observability/server/leaky.ts:2 no-restricted-imports",
        "lib/observability/server/leaky.ts:3 no-restricted-imports",
        "lib/observability/server/leaky.ts:4 no-restricted-imports",
        "lib/observability/server/leaky.ts:5 no-restricted-imports",
        "lib/observability/shared/not-edge-safe.ts:2 no-restricted-imports",
        "lib/observability/shared/not-edge-safe.ts:3 no-restricted-imports",
      ].sort(),
    );
  }, 30_000);
});
