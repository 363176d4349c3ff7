"use client";
/**
 * Mounts browser telemetry: applies the settings the server resolved, then starts the recorder
 * after hydration, in idle-time steps (browser/start-recorder.ts), so its script never competes
 * with the first paint or an interaction. Render errors below it are reported to the session by
 * Highlight's ErrorBoundary, which shows the app's own fallback.
 */
import { useEffect } from "react";
import { ErrorBoundary } from "@highlight-run/react";
import { configureBrowserObservability, recorderEnabled } from "@/lib/observability/browser/highlight";
import type { BrowserObservability } from "@/lib/observability/shared/settings";

type Fallback = (props: { error: Error; reset: () => void }) => React.ReactElement;

export function HighlightProvider({ config, fallback, children }: { config: BrowserObservability; fallback: Fallback; children: React.ReactNode }) {
  configureBrowserObservability(config);
  useEffect(() => {
    if (!recorderEnabled()) return;
    import("@/lib/observability/browser/start-recorder")
      .then(({ startRecorder }) => startRecorder(config))
      .catch(() => {}); // telemetry must never break the app
  }, [config]);
  return (
    <ErrorBoundary showDialog={false} fallback={({ error, resetError }) => fallback({ error: error as Error, reset: resetError })}>
      {children}
    </ErrorBoundary>
  );
}
