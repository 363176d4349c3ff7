"use client";
/**
 * Mounts browser telemetry: applies the settings the server resolved, then loads the recorder
 * when the main thread is first idle after hydration (at most 2 s later), so its script never
 * competes with the first paint or the first interaction. Render errors below it are reported
 * to the session by Highlight's ErrorBoundary, which shows the app's own fallback.
 */
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { ErrorBoundary } from "@highlight-run/react";
import { configureBrowserObservability, recorderEnabled } from "@/lib/observability/browser/highlight";
import type { BrowserObservability } from "@/lib/observability/shared/settings";

const HighlightRecorder = dynamic(() => import("@/lib/observability/browser/highlight-recorder"), { ssr: false });

type Fallback = (props: { error: Error; reset: () => void }) => React.ReactElement;

export function HighlightProvider({ config, fallback, children }: { config: BrowserObservability; fallback: Fallback; children: React.ReactNode }) {
  configureBrowserObservability(config);
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!recorderEnabled()) return;
    if (!("requestIdleCallback" in window)) {
      const timer = setTimeout(() => setIdle(true), 1);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(() => setIdle(true), { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }, []);
  return (
    <>
      {idle && <HighlightRecorder config={config} />}
      <ErrorBoundary showDialog={false} fallback={({ error, resetError }) => fallback({ error: error as Error, reset: resetError })}>
        {children}
      </ErrorBoundary>
    </>
  );
}
