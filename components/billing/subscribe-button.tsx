"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "@/components/ui";
import { api } from "@/lib/api-client";

export function SubscribeButton({ planId, planName }: { planId: string; planName: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: boolean }>({ busy: false });

  async function subscribe() {
    setState({ busy: true });
    const result = await api<{ subscription: { planId: string; status: string } }>("/api/subscriptions", { body: { planId } });
    if (!result.ok) return setState({ busy: false, error: result.error.error });
    setState({ busy: false, done: true });
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <Button className="w-full" onClick={subscribe} disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? "Subscribing…" : `Subscribe to ${planName}`}
      </Button>
      {state.error && <Alert>{state.error}</Alert>}
      {state.done && <Alert tone="success">You are now on {planName}.</Alert>}
    </div>
  );
}
