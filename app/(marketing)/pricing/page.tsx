import type { Metadata } from "next";
import { PlanCard } from "@/components/billing/plan-card";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isTestMode } from "@/lib/billing/stripe";
import { listPlans } from "@/lib/services/plans";
import { currentPlanId } from "@/lib/services/subscriptions";

export const metadata: Metadata = { title: "Pricing" };
// Plans and the visitor's subscription come from the database on every request.
export const dynamic = "force-dynamic";

export default async function PricingPage() {
  const [plans, user] = await Promise.all([listPlans(), getCurrentUser()]);
  const current = user ? await currentPlanId(user.id) : null;
  return (
    <div className="mx-auto max-w-5xl px-4 py-16">
      <div className="text-center">
        <h1 className="text-3xl font-bold tracking-tight text-zinc-950 sm:text-4xl">Pricing</h1>
        <p className="mt-3 text-zinc-600">Start free. Upgrade when your team grows. Cancel any time.</p>
      </div>
      <ul className="mt-12 grid gap-6 md:grid-cols-3">
        {plans.map((plan) => (
          <li key={plan.id}>
            <PlanCard plan={plan} signedIn={Boolean(user)} current={current === plan.id} testMode={isTestMode()} />
          </li>
        ))}
      </ul>
    </div>
  );
}
