import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute, parseParam, readJson } from "@/lib/http";
import { cancelSubscription, createSubscription, getSubscription } from "@/lib/services/subscriptions";
import { idempotencyKeySchema, subscribeSchema } from "@/lib/validation";

export const GET = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ subscription: await getSubscription(user.teamId) })));

/** Subscribe to a paid plan, or switch to it. JSON `{ planId }`; optional Idempotency-Key header. */
export const POST = apiRoute(
  withUser(async (req, { user }) => {
    const body = await readJson(req, subscribeSchema);
    if (!body.ok) return body.response;
    const key = parseParam(req.headers.get("idempotency-key") ?? undefined, idempotencyKeySchema);
    if (!key.ok) return key.response;
    // Billing failures the user can act on become their 4xx/5xx in apiRoute (lib/http.ts).
    const subscription = await createSubscription(user, body.data.planId, { idempotencyKey: key.data, testCard: body.data.testCard });
    return NextResponse.json({ subscription });
  }),
);

/** Cancel at the end of the current period. */
export const DELETE = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ subscription: await cancelSubscription(user) })));
