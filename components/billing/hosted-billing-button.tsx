"use client";
import { useState } from "react";
import { Alert, Button } from "@/components/ui";
import { api } from "@/lib/api-client";

/**
 * Sends the team's owner to Stripe's hosted Checkout (or Customer Portal) page. The request that
 * makes the page carries the browser session, which travels on with it to the webhook.
 */
export function HostedBillingButton({
  endpoint,
  body,
  label,
  busyLabel,
  variant,
}: {
  endpoint: "/api/billing/checkout" | "/api/billing/portal";
  body?: Record<string, string>;
  label: string;
  busyLabel: string;
  variant?: "primary" | "secondary";
}) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });

  async function go() {
    setState({ busy: true });
    const result = await api<{ url: string }>(endpoint, { body: body ?? {} });
    if (!result.ok) return setState({ busy: false, error: result.error.error });
    window.location.assign(result.data.url); // stays "busy" until the page changes
  }

  return (
    <div className="space-y-3">
      <Button className="w-full" variant={variant} onClick={go} disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? busyLabel : label}
      </Button>
      {state.error && <Alert>{state.error}</Alert>}
    </div>
  );
}
