"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { HostedBillingButton } from "@/components/billing/hosted-billing-button";
import { Alert, Button, ButtonLink } from "@/components/ui";
import { api } from "@/lib/api-client";
import type { SubscriptionView } from "@/lib/services/subscriptions";

const STATUS_LABEL: Record<string, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Payment failed: update your card",
  canceled: "Canceled",
  incomplete: "Incomplete",
  unpaid: "Unpaid",
};

/** Settings → Plan: what the team pays for, until when; owners change, cancel or keep it, or open Stripe's portal. */
export function BillingPanel({ planName, subscription, owner }: { planName: string; subscription: SubscriptionView | null; owner: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const live = subscription && subscription.status !== "canceled";
  const date = subscription ? new Date(subscription.currentPeriodEnd).toLocaleDateString("en", { dateStyle: "medium" }) : "";

  async function run(request: Promise<{ ok: boolean; error?: { error: string } }>) {
    setBusy(true);
    setError(undefined);
    const result = await request;
    setBusy(false);
    if (!result.ok) return setError(result.error?.error);
    router.refresh();
  }

  return (
    <div className="mt-4 space-y-4 text-sm text-zinc-700">
      <p>
        You are on <strong className="text-zinc-950" data-testid="current-plan">{live ? planName : "Free"}</strong>
        {live && (
          <>
            {" "}
            · <span data-testid="subscription-status">{STATUS_LABEL[subscription.status] ?? subscription.status}</span>
          </>
        )}
      </p>
      {live && (
        <p data-testid="renewal">
          {subscription.cancelAtPeriodEnd ? `Cancels on ${date}; you keep ${planName} until then.` : `Renews on ${date}.`}
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {!owner && <p data-testid="billing-owner-only">Only your team&apos;s owners manage billing.</p>}
      {owner && (
        <div className="flex flex-wrap gap-3">
          {subscription && (
            <div>
              <HostedBillingButton endpoint="/api/billing/portal" label="Manage billing" busyLabel="Opening portal…" variant="secondary" />
            </div>
          )}
          <ButtonLink href="/pricing" variant="secondary">
            {live ? "Change plan" : "Upgrade"}
          </ButtonLink>
          {live && !subscription.cancelAtPeriodEnd && (
            <Button variant="danger" disabled={busy} onClick={() => run(api("/api/subscriptions", { method: "DELETE" }))}>
              {busy ? "Canceling…" : "Cancel subscription"}
            </Button>
          )}
          {live && subscription.cancelAtPeriodEnd && (
            <Button
              disabled={busy}
              onClick={() => run(api("/api/subscriptions", { body: { planId: subscription.planId }, headers: { "idempotency-key": crypto.randomUUID() } }))}
            >
              {busy ? "Saving…" : `Keep ${planName}`}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
