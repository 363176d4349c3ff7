"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert, Button } from "@/components/ui";
import { api } from "@/lib/api-client";

type TestCard = "visa" | "declined";
const newKey = () => crypto.randomUUID();

/**
 * Subscribes to (or switches to) a paid plan. One idempotency key per intent: a double
 * click or a retry after a network error reaches Stripe with the same key.
 */
export function SubscribeButton({ planId, planName, testMode, label }: { planId: string; planName: string; testMode: boolean; label?: string }) {
  const router = useRouter();
  const cardId = useId();
  const [key, setKey] = useState(newKey);
  const [card, setCard] = useState<TestCard>("visa");
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: boolean }>({ busy: false });

  async function subscribe() {
    setState({ busy: true });
    const result = await api<{ subscription: { planId: string } }>("/api/subscriptions", {
      body: { planId, ...(testMode && { testCard: card }) },
      headers: { "idempotency-key": key },
    });
    // A network error keeps the key, so the retry is the same intent; an answer ends it.
    if (result.ok || result.status !== 0) setKey(newKey());
    if (!result.ok) return setState({ busy: false, error: result.error.error });
    setState({ busy: false, done: true });
    router.refresh();
  }

  return (
    <div className="space-y-3">
      {testMode && (
        <div>
          <label htmlFor={cardId} className="block text-xs font-medium text-zinc-600">
            Test card (Stripe test mode)
          </label>
          <select
            id={cardId}
            value={card}
            onChange={(event) => setCard(event.target.value as TestCard)}
            className="mt-1 block w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
          >
            <option value="visa">Visa 4242: succeeds</option>
            <option value="declined">Visa 0002: declined</option>
          </select>
        </div>
      )}
      <Button className="w-full" onClick={subscribe} disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? "Subscribing…" : (label ?? `Subscribe to ${planName}`)}
      </Button>
      {state.error && <Alert>{state.error}</Alert>}
      {state.done && <Alert tone="success">You are now on {planName}.</Alert>}
    </div>
  );
}
