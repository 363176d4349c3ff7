/**
 * Billing failures the user can act on, as domain outcomes (no HTTP here): lib/http.ts maps
 * them to status codes in one place.
 */
export type BillingFailure = "not_purchasable" | "payment_declined" | "no_subscription" | "in_progress" | "unavailable" | "timed_out";

export class BillingError extends Error {
  override name = "BillingError";
  constructor(
    readonly failure: BillingFailure,
    message: string,
  ) {
    super(message);
  }
}
