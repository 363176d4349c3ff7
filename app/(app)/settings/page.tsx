import type { Metadata } from "next";
import { ProfileForm } from "@/components/settings/profile-form";
import { ButtonLink, Card } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { formatPrice, listPlans } from "@/lib/services/plans";
import { currentPlanId } from "@/lib/services/subscriptions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const [planId, plans] = await Promise.all([currentPlanId(user.id), listPlans()]);
  const plan = plans.find((p) => p.id === planId);
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Settings</h1>
      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="profile">
          <h2 id="profile" className="font-semibold text-zinc-950">
            Profile
          </h2>
          <ProfileForm name={user.name} email={user.email} />
        </Card>
        <Card aria-labelledby="plan">
          <h2 id="plan" className="font-semibold text-zinc-950">
            Plan
          </h2>
          <p className="mt-4 text-sm text-zinc-600">
            You are on <strong className="text-zinc-950" data-testid="current-plan">{plan?.name ?? planId}</strong>
            {plan ? ` (${formatPrice(plan.priceCents)})` : ""}.
          </p>
          <ButtonLink href="/pricing" variant="secondary" className="mt-4">
            Compare plans
          </ButtonLink>
        </Card>
      </div>
    </>
  );
}
