/**
 * Starts the Highlight recorder without a long task. Its work is split into steps, each run when
 * the main thread is idle (a step may wait at most 2 s for that): rrweb's module (the largest),
 * the rest of highlight.run, `H.init` with the privacy and network-recording settings, and finally
 * recording itself (rrweb's full snapshot, which shows the page as it is then). Run in one go, as
 * `<HighlightInit>` does, the same work blocked the main thread for 150–250 ms on first load.
 */
import "client-only";
import { keepSessionForNextPage, recorderInitialized, syncSessionCookie, writeSessionCookie } from "@/lib/observability/browser/highlight";
import { NETWORK_BODY_KEYS_TO_REDACT, NETWORK_URL_BLOCKLIST, RECORDER_MARKS, type BrowserObservability } from "@/lib/observability/shared/settings";

const idle = () =>
  new Promise<void>((resolve) => ("requestIdleCallback" in window ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 1)));

let started = false;

export async function startRecorder(config: BrowserObservability): Promise<void> {
  if (started) return; // once per page, even when React runs effects twice (StrictMode)
  started = true;
  await idle();
  performance.mark(RECORDER_MARKS.start);
  await import("highlight.run/record");
  await idle();
  await import("highlight.run/observe");
  await idle();
  const { H } = await import("@highlight-run/next/client");
  await idle();
  const session = H.init(config.projectId, {
    serviceName: config.serviceName,
    backendUrl: config.backendUrl,
    otlpEndpoint: config.otlpEndpoint,
    environment: config.environment,
    version: config.version,
    // The app's own origin always; other API origins from the env.
    tracingOrigins: config.tracingOrigins.length ? [window.location.origin, ...config.tracingOrigins] : true,
    // recordHeadersAndBody is what adds x-highlight-request; auth and Stripe URLs are never recorded.
    networkRecording: {
      enabled: true,
      recordHeadersAndBody: true,
      urlBlocklist: NETWORK_URL_BLOCKLIST,
      networkBodyKeysToRedact: NETWORK_BODY_KEYS_TO_REDACT,
    },
    privacySetting: "default",
    enableCanvasRecording: false,
    // Off: the FPS and memory gauges cost a requestAnimationFrame callback on every frame, and a 1 s
    // timer, for as long as the page is open. Replay, errors, network and web vitals do not need them.
    enablePerformanceRecording: false,
    // The session id in a first-party cookie lets proxy.ts link page loads and server actions.
    sessionCookie: true,
    manualStart: true, // recording starts in the next step, in a task of its own
  });
  writeSessionCookie(session?.sessionSecureID); // at once, as <HighlightInit> did; syncSessionCookie confirms it
  recorderInitialized(H);
  keepSessionForNextPage();
  await idle();
  H.start(); // the full snapshot follows in a later task, once the backend has answered
  H.onHighlightReady(() => void performance.mark(RECORDER_MARKS.ready));
  syncSessionCookie();
}
