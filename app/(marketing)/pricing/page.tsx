import type { Metadata } from "next";
import { PlanCard } from "@/components/billing/plan-card";
import { Alert } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isTestMode } from "@/lib/billing/stripe";
import { listPlans } from "@/lib/services/plans";
import { currentPlanId } from "@/lib/services/subscriptions";

export const metadata: Metadata = { title: "Pricing" };
// Plans and the visitor's subscription come from the database on every request.
export const dynamic = "force-dynamic";

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ checkout?: string }> }) {
  const cancelled = (await searchParams).checkout === "cancelled";
  const [plans, user] = await Promise.all([listPlans(), getCurrentUser()]);
  const current = user ? await currentPlanId(user.teamId) : null;
  return (
    <div className="mx-auto max-w-5xl px-4 py-16">
      <div className="text-center">
        <h1 className="text-3xl font-bold tracking-tight text-zinc-950 sm:text-4xl">Pricing</h1>
        <p className="mt-3 text-zinc-600">Start free. Upgrade when your team grows. Cancel any time.</p>
        {cancelled && (
          <div className="mx-auto mt-6 max-w-md">
            <Alert tone="info">Checkout was cancelled: nothing was charged.</Alert>
          </div>
        )}
      </div>
      <ul className="mt-12 grid gap-6 md:grid-cols-3">
        {plans.map((plan) => (
          <li key={plan.id}>
            <PlanCard
              plan={plan}
              signedIn={Boolean(user)}
              current={current === plan.id}
              testMode={isTestMode()}
              owner={user?.role === "owner"}
              subscribed={current !== null && current !== "free"}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
