/**
 * Browser-side Highlight calls. highlight.run is loaded only by start-recorder.ts, so the
 * recorder stays out of the first-load bundle and nothing loads when telemetry is off or the
 * browser session is not sampled.
 */
import "client-only";
import { isSessionId, SESSION_ID_COOKIE, sessionIdFromCookieHeader } from "@/lib/observability/shared/correlation";
import { isSessionSampled } from "@/lib/observability/shared/sampling";
import type { BrowserObservability } from "@/lib/observability/shared/settings";

type HighlightBrowser = (typeof import("highlight.run"))["H"];

/** Where highlight.run 9.20 keeps the session a new page resumes (cookies and sessionStorage), and our cookie. */
const STORED_SESSION = new RegExp(`^(sessionID|sessionData_[\\w-]+|highlightIdentifier|highlightUserObject|${SESSION_ID_COOKIE})$`);
/** Set at sign-out: the next page wipes the stored session before the recorder starts. */
const FORGET_MARKER = "observability:forget-session";

let enabled = false;
let sampleRate = 1;

/** Called by the provider with the settings the server resolved, before the recorder starts. */
export function configureBrowserObservability(config: BrowserObservability): void {
  enabled = config.enabled;
  sampleRate = config.sampleRate;
  if (typeof window !== "undefined" && sessionStorage.getItem(FORGET_MARKER)) {
    sessionStorage.removeItem(FORGET_MARKER);
    wipeStoredSession();
  }
  // A session already known to be sampled out: the recorder never loads (the server agrees from the cookie).
  if (enabled && typeof window !== "undefined") {
    const known = sessionIdFromCookieHeader(document.cookie);
    if (known && !isSessionSampled(known, sampleRate)) enabled = false;
  }
}

/** Whether the recorder should load on this page. */
export const recorderEnabled = () => enabled;

let recorderStarted: (h: HighlightBrowser) => void = () => {};
const recorder = new Promise<HighlightBrowser>((resolve) => (recorderStarted = resolve));

/** Called by start-recorder.ts once `H.init` has run: calls made before then are delivered now. */
export const recorderInitialized = (h: HighlightBrowser) => recorderStarted(h);

/**
 * Runs `fn` once the recorder is ready. It never loads highlight.run itself: that is
 * start-recorder.ts's job, in idle-time steps, and a call made earlier (identify at hydration)
 * would otherwise pull in and run the whole SDK at once.
 */
function whenReady(fn: (h: HighlightBrowser) => void | Promise<void>): void {
  if (!enabled || typeof window === "undefined") return;
  void recorder.then((h) => h.onHighlightReady(() => void Promise.resolve(fn(h)).catch(() => {}))).catch(() => {}); // telemetry must never break the app
}

/** The cookie proxy.ts reads to link page loads and server actions to the browser session. */
export function writeSessionCookie(id: string | undefined): void {
  if (isSessionId(id)) document.cookie = `${SESSION_ID_COOKIE}=${id}; path=/; SameSite=Lax`;
}

/**
 * Makes the session cookie that proxy.ts reads name the session the recorder really uses, and
 * applies the sampling decision to it. start-recorder.ts writes the cookie from H.init's return
 * value at once; the SDK confirms the real id only once the backend has accepted the session (it
 * differs if the SDK resumed another one), so this follows it for about 10 s at most.
 */
export function syncSessionCookie(): void {
  whenReady(async (h) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const id = await h.getSessionDetails().then(
        (details) => details.sessionSecureID,
        () => undefined,
      );
      if (isSessionId(id)) {
        writeSessionCookie(id);
        // Sampled out: stop recording now; the cookie stays, so the server links its errors to it.
        if (!isSessionSampled(id, sampleRate)) {
          enabled = false;
          h.stop();
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
}

/** Attributes the session to a signed-in user. */
export function identifyUser(user: { id: string; email: string; name: string }): void {
  whenReady((h) => h.identify(user.email, { id: user.id, name: user.name }));
}

/**
 * After sign-out: ends the identified session; the caller then loads a fresh page, where the
 * recorder starts an anonymous one. A fresh page is needed: highlight.run 9.20 re-identifies every
 * new session with the last user it holds in memory, so H.stop() + H.start({ forceNew: true })
 * would send the signed-out user's email again. The stored session is wiped now and, through the
 * marker, once more on the next page before the SDK starts (it may save it again while unloading).
 */
export function forgetUser(): void {
  if (!enabled || typeof window === "undefined") return;
  sessionStorage.setItem(FORGET_MARKER, "1");
  wipeStoredSession();
  whenReady((h) => h.stop());
}

function wipeStoredSession(): void {
  for (const key of Object.keys(sessionStorage)) if (STORED_SESSION.test(key)) sessionStorage.removeItem(key);
  for (const pair of document.cookie.split("; ")) {
    const name = pair.slice(0, pair.indexOf("="));
    if (STORED_SESSION.test(name)) document.cookie = `${name}=; path=/; max-age=0`;
  }
}

export function sendFeedback(feedback: { verbatim: string; userName?: string; userEmail?: string }): void {
  whenReady((h) => h.addSessionFeedback(feedback));
}

/** Reports an error caught by app code (error.tsx) to the session. */
export function reportError(error: Error, source: string): void {
  whenReady((h) => h.consume(error, { source, payload: { digest: (error as Error & { digest?: string }).digest } }));
}
