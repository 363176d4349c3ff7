/**
 * Property-based abuse of every API route: random bodies, content types and headers.
 * Whatever arrives, the answer is never a 500, errors are JSON with a message, and a
 * refused request writes nothing.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as login from "@/app/api/auth/login/route";
import * as logout from "@/app/api/auth/logout/route";
import * as signup from "@/app/api/auth/signup/route";
import * as health from "@/app/api/health/route";
import * as me from "@/app/api/me/route";
import * as plans from "@/app/api/plans/route";
import * as projectById from "@/app/api/projects/[id]/route";
import * as projects from "@/app/api/projects/route";
import * as webhook from "@/app/api/stripe/webhook/route";
import * as subscriptions from "@/app/api/subscriptions/route";
import { db } from "@/lib/db";
import { RouteClient } from "@/tests/support/route-client";

type Handler = (req: never, ctx: never) => Promise<Response>;
const ROUTES: { name: string; handler: Handler; method: string; path: string; ctx?: (id: string) => unknown }[] = [
  { name: "signup", handler: signup.POST as Handler, method: "POST", path: "/api/auth/signup" },
  { name: "login", handler: login.POST as Handler, method: "POST", path: "/api/auth/login" },
  { name: "logout", handler: logout.POST as Handler, method: "POST", path: "/api/auth/logout" },
  { name: "me PATCH", handler: me.PATCH as Handler, method: "PATCH", path: "/api/me" },
  { name: "me GET", handler: me.GET as Handler, method: "GET", path: "/api/me" },
  { name: "plans", handler: plans.GET as Handler, method: "GET", path: "/api/plans" },
  { name: "health", handler: health.GET as Handler, method: "GET", path: "/api/health" },
  { name: "projects POST", handler: projects.POST as Handler, method: "POST", path: "/api/projects" },
  { name: "projects GET", handler: projects.GET as Handler, method: "GET", path: "/api/projects" },
  {
    name: "project DELETE",
    handler: projectById.DELETE as Handler,
    method: "DELETE",
    path: "/api/projects/x",
    ctx: (id) => ({ params: Promise.resolve({ id }) }),
  },
  { name: "subscriptions POST", handler: subscriptions.POST as Handler, method: "POST", path: "/api/subscriptions" },
  { name: "subscriptions DELETE", handler: subscriptions.DELETE as Handler, method: "DELETE", path: "/api/subscriptions" },
  { name: "stripe webhook", handler: webhook.POST as Handler, method: "POST", path: "/api/stripe/webhook" },
];

/** Bodies that are mostly wrong in interesting ways: random JSON, near-miss objects, junk text. */
const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        email: fc.oneof(fc.emailAddress(), fc.string(), fc.constant("")),
        password: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
        planId: fc.oneof(fc.constantFrom("free", "pro", "team", "enterprise"), fc.string()),
        description: fc.string({ maxLength: 600 }),
        testCard: fc.oneof(fc.constantFrom("visa", "declined", "amex"), fc.integer()),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constant("{\"unterminated\": "),
);
const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "");
const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s)));

const counts = async () =>
  Promise.all([db.user.count(), db.project.count(), db.subscription.count(), db.stripeEvent.count(), db.session.count()]);

let signedIn: RouteClient;
beforeAll(async () => {
  signedIn = new RouteClient();
  const email = `fuzz-${Date.now()}@example.com`;
  await signedIn.call(signup.POST, "/api/auth/signup", { body: { name: "Fuzzer", email, password: "password-1" } });
});

describe("fuzzing every API route", () => {
  for (const route of ROUTES) {
    it(`${route.name}: never a 500, always a JSON error, no write when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(
          body,
          contentType,
          header,
          header,
          fc.boolean(),
          fc.string({ maxLength: 40 }),
          async (raw, type, idempotencyKey, signature, withSession, id) => {
            const client = new RouteClient();
            if (withSession) client.cookie = signedIn.cookie;
            const before = await counts();
            const headers: Record<string, string> = {};
            if (type) headers["content-type"] = type;
            if (idempotencyKey !== undefined) headers["idempotency-key"] = idempotencyKey;
            if (signature !== undefined) headers["stripe-signature"] = signature;
            const res = await client.call(
              route.handler as never,
              route.path,
              { method: route.method, ...(route.method === "GET" ? {} : { raw }), headers },
              route.ctx?.(id) as never,
            );
            expect(res.status, `${route.name} answered ${res.status}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(typeof res.json.error).toBe("string");
              // logout is allowed to revoke; everything else refused must leave the data as it was
              if (route.name !== "logout") expect(await counts()).toEqual(before);
            }
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);
  }
});
