"use client";
import { ErrorFallback } from "@/components/error-fallback";
import { HighlightProvider } from "@/lib/observability/browser/highlight-provider";
import type { BrowserObservability } from "@/lib/observability/shared/settings";

export function Providers({ observability, children }: { observability: BrowserObservability; children: React.ReactNode }) {
  return (
    <HighlightProvider config={observability} fallback={({ error, reset }) => <ErrorFallback error={error} reset={reset} />}>
      {children}
    </HighlightProvider>
  );
}
