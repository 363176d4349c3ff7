"use client";
import { useState } from "react";
import { Button } from "@/components/ui";
import { api } from "@/lib/api-client";
import { forgetUser } from "@/lib/observability/browser/highlight";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await api("/api/auth/logout", { method: "POST" });
    forgetUser();
    // A full page load, not a client-side navigation: it drops every client-side cache of the signed-in
    // user, and it is how the session recorder starts an anonymous session (see forgetUser).
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the full load is the point
    window.location.assign("/");
  }

  return (
    <Button variant="secondary" onClick={signOut} disabled={busy}>
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
