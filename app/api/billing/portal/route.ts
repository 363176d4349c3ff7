import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { appOrigin } from "@/lib/app-origin";
import { BillingError } from "@/lib/billing/errors";
import { apiRoute, billingErrorResponse } from "@/lib/http";
import { openBillingPortal } from "@/lib/services/checkout";

/** Owners only: `{ url }` of the hosted Customer Portal, which comes back to /settings. */
export const POST = apiRoute(
  withUser(async (req, { user }) => {
    try {
      return NextResponse.json(await openBillingPortal(user, `${await appOrigin(req)}/settings`));
    } catch (error) {
      if (error instanceof BillingError) return billingErrorResponse(error);
      throw error;
    }
  }),
);
