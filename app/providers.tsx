"use client";
import dynamic from "next/dynamic";
import { ErrorBoundary } from "@highlight-run/react";
import { ErrorFallback } from "@/components/error-fallback";
import { configureBrowserObservability } from "@/lib/observability/browser";
import type { BrowserObservability } from "@/lib/observability/config";

const HighlightRecorder = dynamic(() => import("@/components/observability/highlight-recorder"), { ssr: false });

export function Providers({ observability, children }: { observability: BrowserObservability; children: React.ReactNode }) {
  configureBrowserObservability(observability);
  return (
    <>
      {observability.enabled && <HighlightRecorder config={observability} />}
      {/* Reports render errors to the session (via window.H) and shows our own fallback, not Highlight's dialog. */}
      <ErrorBoundary showDialog={false} fallback={({ error, resetError }) => <ErrorFallback error={error} reset={resetError} />}>
        {children}
      </ErrorBoundary>
    </>
  );
}
