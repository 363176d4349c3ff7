"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptInvitationAction } from "@/app/invite/actions";
import { Alert, Button } from "@/components/ui";

export function AcceptButton({ teamName }: { teamName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      <Button
        disabled={busy}
        aria-busy={busy}
        onClick={async () => {
          setBusy(true);
          const result = await acceptInvitationAction({});
          if (!result.ok) {
            setBusy(false);
            return setError(result.error);
          }
          router.replace("/team");
          router.refresh();
        }}
      >
        {busy ? "Joining…" : `Join ${teamName}`}
      </Button>
    </div>
  );
}
