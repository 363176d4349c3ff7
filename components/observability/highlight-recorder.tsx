"use client";
/**
 * Starts the Highlight recorder. Loaded with next/dynamic after hydration, so its
 * ~200 KB (gzip) stay out of the critical path; rrweb's first full snapshot still
 * captures the page as it is, so the replay loses nothing visible.
 */
import { HighlightInit } from "@highlight-run/next/client";
import { browserObservability as config } from "@/lib/observability/config";

const extraOrigins = (process.env.NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS ?? "")
  .split(",")
  .map((origin) => origin.trim())
  .filter(Boolean);

export default function HighlightRecorder() {
  return (
    <HighlightInit
      projectId={config.projectId}
      serviceName={config.serviceName}
      backendUrl={config.backendUrl}
      otlpEndpoint={config.otlpEndpoint}
      environment={config.environment}
      version={process.env.NEXT_PUBLIC_APP_VERSION}
      // The app's own origin always; other API origins from the env.
      tracingOrigins={extraOrigins.length ? [window.location.origin, ...extraOrigins] : true}
      // recordHeadersAndBody is what adds x-highlight-request; auth and Stripe URLs are never recorded.
      networkRecording={{
        enabled: true,
        recordHeadersAndBody: true,
        urlBlocklist: [...config.urlBlocklist],
        networkBodyKeysToRedact: ["password", "token", "secret", "card", "cvc"],
      }}
      privacySetting="default"
      enableCanvasRecording={false}
      enablePerformanceRecording
      // The session id in a first-party cookie lets proxy.ts link page loads and server actions.
      sessionCookie
    />
  );
}
