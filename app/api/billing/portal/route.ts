import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { appOrigin } from "@/lib/app-origin";
import { apiRoute } from "@/lib/http";
import { openBillingPortal } from "@/lib/services/checkout";

/** Owners only: `{ url }` of the hosted Customer Portal, which comes back to /settings. */
export const POST = apiRoute(
  withUser(async (req, { user }) => NextResponse.json(await openBillingPortal(user, `${await appOrigin(req)}/settings`))),
);
