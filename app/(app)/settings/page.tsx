import type { Metadata } from "next";
import { BillingPanel } from "@/app/(app)/settings/_components/billing-panel";
import { ProfileForm } from "@/app/(app)/settings/_components/profile-form";
import { Card } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { withHighlightPage } from "@/lib/observability/server/page";
import { listPlans } from "@/lib/services/plans";
import { getSubscription } from "@/lib/services/subscriptions";

export const metadata: Metadata = { title: "Settings" };

export default withHighlightPage("render_settings", async function SettingsPage() {
  const user = await requireUser("/settings");
  const [subscription, plans] = await Promise.all([getSubscription(user.teamId), listPlans()]);
  const planName = plans.find((p) => p.id === subscription?.planId)?.name ?? "Free";
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
          <BillingPanel planName={planName} subscription={subscription} owner={user.role === "owner"} />
        </Card>
      </div>
    </>
  );
});
