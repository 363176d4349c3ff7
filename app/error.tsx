"use client";
import { useEffect } from "react";
import { ErrorFallback } from "@/components/error-fallback";
import { reportError } from "@/lib/observability/browser/highlight";

export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => reportError(error, "app/error.tsx"), [error]);
  return <ErrorFallback error={error} reset={reset} />;
}
