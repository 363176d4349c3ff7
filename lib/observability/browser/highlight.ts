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

/**
 * Where highlight.run 9.20 keeps the session a new page resumes (cookies, which it copies into
 * localStorage at start), and our cookie. `sessionData_<id>` holds `lastPushTime`: the SDK resumes
 * a session only if it was sent within the last 15 minutes.
 */
const STORED_SESSION = new RegExp(`^(sessionID|sessionData_[\\w-]+|highlightIdentifier|highlightUserObject|${SESSION_ID_COOKIE})$`);
const RESUME_WINDOW_S = 15 * 60;
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

/**
 * highlight.run resumes a session on the next page load only once it has sent events (it stores the
 * time of each send). Someone who leaves a page before the recorder's first send, a second or more
 * after it starts, would begin a new session on the next page, and the request that sent them on
 * (Checkout, say) would name a session whose replay stops there. So on pagehide, after the SDK's own
 * save at beforeunload, a session with no send yet is stored as active now, where the SDK reads it.
 */
export function keepSessionForNextPage(): void {
  window.addEventListener("pagehide", () => {
    const id = sessionIdFromCookieHeader(document.cookie);
    if (!enabled || !id || sessionStorage.getItem(FORGET_MARKER)) return;
    const key = `sessionData_${id}`;
    let stored: { lastPushTime?: number } = {};
    try {
      stored = JSON.parse(localStorage.getItem(key) || "{}") as typeof stored;
    } catch {} // unreadable: written afresh below
    if (stored.lastPushTime) return; // it has sent: the SDK resumes it on its own
    storeForSdk("sessionID", id);
    storeForSdk(key, JSON.stringify({ sessionSecureID: id, projectID: 0, sessionStartTime: Date.now(), ...stored, lastPushTime: Date.now() }));
  });
}

/** As the SDK stores a value: a cookie (what it reads first at start) and localStorage. */
function storeForSdk(key: string, value: string): void {
  localStorage.setItem(key, value);
  document.cookie = `${key}=${encodeURIComponent(value)}; path=/; max-age=${RESUME_WINDOW_S}; SameSite=Lax`;
}

function wipeStoredSession(): void {
  for (const key of Object.keys(localStorage)) if (STORED_SESSION.test(key)) localStorage.removeItem(key);
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
