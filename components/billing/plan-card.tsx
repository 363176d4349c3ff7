import { ButtonLink, Card } from "@/components/ui";
import { HostedBillingButton } from "@/components/billing/hosted-billing-button";
import { SubscribeButton } from "@/components/billing/subscribe-button";
import { formatPrice, type PlanView } from "@/lib/services/plans";

export function PlanCard({
  plan,
  signedIn,
  current,
  testMode,
  owner,
  subscribed,
}: {
  plan: PlanView;
  signedIn: boolean;
  current: boolean;
  testMode: boolean;
  /** The visitor owns their current team (only owners change its plan). */
  owner: boolean;
  /** The team already pays for a plan: switch in place rather than check out again. */
  subscribed: boolean;
}) {
  return (
    <Card className={`flex h-full flex-col ${plan.id === "pro" ? "ring-2 ring-indigo-600" : ""}`} aria-labelledby={`plan-${plan.id}`}>
      <h2 id={`plan-${plan.id}`} className="text-lg font-semibold text-zinc-950">
        {plan.name}
      </h2>
      <p className="mt-1 text-sm text-zinc-600">{plan.description}</p>
      <p className="mt-4 text-3xl font-bold text-zinc-950">{formatPrice(plan.priceCents)}</p>
      <ul className="mt-6 flex-1 space-y-2 text-sm text-zinc-700">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span aria-hidden className="text-indigo-600">✓</span>
            {feature}
          </li>
        ))}
      </ul>
      <div className="mt-6">
        {current ? (
          <p className="rounded-md bg-zinc-100 px-3 py-2 text-center text-sm font-medium text-zinc-700">Your current plan</p>
        ) : !signedIn ? (
          <ButtonLink href={`/sign-up?next=${encodeURIComponent("/pricing")}`} className="w-full">
            {plan.priceCents === 0 ? "Start for free" : `Choose ${plan.name}`}
          </ButtonLink>
        ) : plan.priceCents === 0 ? (
          <ButtonLink href="/settings" variant="secondary" className="w-full">
            Manage billing
          </ButtonLink>
        ) : !owner ? (
          <p className="rounded-md bg-zinc-100 px-3 py-2 text-center text-sm text-zinc-700">Your team&apos;s owners choose the plan.</p>
        ) : subscribed ? (
          <SubscribeButton planId={plan.id} planName={plan.name} testMode={testMode} label={`Switch to ${plan.name}`} />
        ) : (
          <HostedBillingButton endpoint="/api/billing/checkout" body={{ planId: plan.id }} label={`Subscribe to ${plan.name}`} busyLabel="Opening checkout…" />
        )}
      </div>
    </Card>
  );
}
