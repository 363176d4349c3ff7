import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { appOrigin } from "@/lib/app-origin";
import { apiRoute, readJson } from "@/lib/http";
import { startCheckout } from "@/lib/services/checkout";
import { checkoutSchema } from "@/lib/validation";

/** Owners only: `{ planId }` → `{ url }` of a hosted Checkout page for the team's first subscription. */
export const POST = apiRoute(
  withUser(async (req, { user }) => {
    const body = await readJson(req, checkoutSchema);
    if (!body.ok) return body.response;
    return NextResponse.json(await startCheckout(user, body.data.planId, await appOrigin(req)));
  }),
);
