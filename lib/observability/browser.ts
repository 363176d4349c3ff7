/**
 * Browser-side Highlight calls. highlight.run is imported lazily, so the recorder
 * stays out of the first-load bundle and nothing loads when telemetry is off.
 */
import type { BrowserObservability } from "@/lib/observability/config";

type HighlightBrowser = (typeof import("highlight.run"))["H"];

let enabled = false;

/** Called by app/providers.tsx with the settings the server resolved. */
export function configureBrowserObservability(config: BrowserObservability): void {
  enabled = config.enabled;
}

function whenReady(fn: (h: HighlightBrowser) => void): void {
  if (!enabled || typeof window === "undefined") return;
  import("highlight.run")
    .then(({ H }) => H.onHighlightReady(() => fn(H)))
    .catch(() => {}); // telemetry must never break the app
}

/** Attributes the session to a signed-in user. */
export function identifyUser(user: { id: string; email: string; name: string }): void {
  whenReady((h) => h.identify(user.email, { id: user.id, name: user.name }));
}

/** After sign-out: end the identified session and start an anonymous one. */
export function forgetUser(): void {
  whenReady((h) => {
    h.stop();
    h.start({ forceNew: true, silent: true });
  });
}

export function sendFeedback(feedback: { verbatim: string; userName?: string; userEmail?: string }): void {
  whenReady((h) => h.addSessionFeedback(feedback));
}

/** Reports an error caught by app code (error.tsx) to the session. */
export function reportError(error: Error, source: string): void {
  whenReady((h) => h.consume(error, { source, payload: { digest: (error as Error & { digest?: string }).digest } }));
}
