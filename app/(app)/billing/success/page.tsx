import type { Metadata } from "next";
import { Alert, ButtonLink, Card } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { withHighlightPage } from "@/lib/observability/server/page";
import { confirmCheckout } from "@/lib/services/checkout";
import { listPlans } from "@/lib/services/plans";
import { checkoutSessionIdSchema } from "@/lib/validation";

export const metadata: Metadata = { title: "Checkout" };

/** Back from Stripe Checkout: the result is read from Stripe here, so the plan shown is already the new one. */
export default withHighlightPage("render_checkout_return", async function CheckoutReturnPage({ searchParams }: { searchParams: Promise<{ session_id?: string }> }) {
  const user = await requireUser("/billing/success");
  const id = checkoutSessionIdSchema.safeParse((await searchParams).session_id);
  const result = id.success ? await confirmCheckout(user, id.data) : { status: "not_found" as const };
  const plans = await listPlans();
  const planName = result.status === "complete" ? (plans.find((p) => p.id === result.subscription?.planId)?.name ?? "your new plan") : "";
  return (
    <Card className="mx-auto max-w-lg space-y-4" aria-labelledby="checkout-result">
      <h1 id="checkout-result" className="text-xl font-bold text-zinc-950">
        {result.status === "complete" ? "Thank you!" : "Checkout not finished"}
      </h1>
      {result.status === "complete" ? (
        <Alert tone="success">
          Your team is now on <strong data-testid="checkout-plan">{planName}</strong>.
        </Alert>
      ) : result.status === "open" ? (
        <Alert tone="info">The payment was not completed. Nothing was charged; you can try again from the pricing page.</Alert>
      ) : result.status === "expired" ? (
        <Alert tone="info">This checkout expired. Nothing was charged; start again from the pricing page.</Alert>
      ) : (
        <Alert>We could not find this checkout for your team.</Alert>
      )}
      <div className="flex gap-3">
        <ButtonLink href="/settings">Billing settings</ButtonLink>
        <ButtonLink href="/pricing" variant="secondary">
          Plans
        </ButtonLink>
      </div>
    </Card>
  );
});
