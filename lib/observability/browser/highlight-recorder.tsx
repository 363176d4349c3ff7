"use client";
/**
 * Starts the Highlight recorder. Loaded by HighlightProvider once the main thread is idle
 * after hydration, so its ~200 KB (gzip) stay out of the critical path; rrweb's first full
 * snapshot captures the page as it is then, so the replay loses nothing visible.
 */
import { HighlightInit } from "@highlight-run/next/client";
import { useEffect } from "react";
import { syncSessionCookie } from "@/lib/observability/browser/highlight";
import { NETWORK_BODY_KEYS_TO_REDACT, NETWORK_URL_BLOCKLIST, type BrowserObservability } from "@/lib/observability/shared/settings";

export default function HighlightRecorder({ config }: { config: BrowserObservability }) {
  // Runs after HighlightInit's own effect (children first), once the recorder is ready.
  useEffect(syncSessionCookie, []);
  return (
    <HighlightInit
      projectId={config.projectId}
      serviceName={config.serviceName}
      backendUrl={config.backendUrl}
      otlpEndpoint={config.otlpEndpoint}
      environment={config.environment}
      version={config.version}
      // The app's own origin always; other API origins from the env.
      tracingOrigins={config.tracingOrigins.length ? [window.location.origin, ...config.tracingOrigins] : true}
      // recordHeadersAndBody is what adds x-highlight-request; auth and Stripe URLs are never recorded.
      networkRecording={{
        enabled: true,
        recordHeadersAndBody: true,
        urlBlocklist: NETWORK_URL_BLOCKLIST,
        networkBodyKeysToRedact: NETWORK_BODY_KEYS_TO_REDACT,
      }}
      privacySetting="default"
      enableCanvasRecording={false}
      enablePerformanceRecording
      // The session id in a first-party cookie lets proxy.ts link page loads and server actions.
      sessionCookie
    />
  );
}
