"use client";
import { useEffect } from "react";
import { identifyUser } from "@/lib/observability/browser/highlight";

/** Attributes a session that starts already signed in (a reload, a new tab) to its user. */
export function IdentifyUser({ user }: { user: { id: string; email: string; name: string } }) {
  const { id, email, name } = user;
  useEffect(() => identifyUser({ id, email, name }), [id, email, name]);
  return null;
}
