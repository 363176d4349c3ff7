"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui";
import { api } from "@/lib/api-client";
import { forgetUser } from "@/lib/observability/browser";

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await api("/api/auth/logout", { method: "POST" });
    forgetUser();
    router.replace("/");
    router.refresh();
  }

  return (
    <Button variant="secondary" onClick={signOut} disabled={busy}>
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
