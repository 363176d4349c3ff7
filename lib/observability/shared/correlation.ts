/**
 * How a piece of server work finds the browser session it belongs to. Edge-safe (no Node APIs):
 * proxy.ts, the route/action/page wrappers and onRequestError all resolve it here, one way.
 *
 * Sources, strongest first: the `x-highlight-request: <sessionSecureId>/<requestId>` header the
 * browser SDK adds to fetches (proxy.ts also adds it to page loads, RSC requests and server
 * actions), then the SDK's first-party session cookie.
 */

export const HIGHLIGHT_REQUEST_HEADER = "x-highlight-request";

/**
 * First-party cookie holding the browser's Highlight session id (`sessionCookie: true`): proxy.ts
 * reads it to link page loads, RSC requests and server actions, which carry no SDK header.
 */
export const SESSION_ID_COOKIE = "sessionSecureID";

const ID = /^[\w-]{1,64}$/;

/** A Highlight session secure id (or request id) as the SDK makes them; anything else is ignored. */
export const isSessionId = (value: string | null | undefined): value is string => !!value && ID.test(value);

export type Correlation = { sessionId?: string; requestId?: string };

/** `x-highlight-request: <sessionSecureId>/<requestId>`, as the browser SDK sends it. */
export function parseHighlightHeader(value: string | null | undefined): Correlation {
  const [sessionId, requestId, extra] = (value?.trim() ?? "").split("/");
  return extra === undefined && isSessionId(sessionId) && isSessionId(requestId) ? { sessionId, requestId } : {};
}

export const formatHighlightHeader = (sessionId: string, requestId: string) => `${sessionId}/${requestId}`;

/** The session id in a raw `Cookie` header, if it is well formed. */
export function sessionIdFromCookieHeader(cookieHeader: string | null | undefined): string | undefined {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_ID_COOKIE) {
      const value = pair.slice(eq + 1).trim();
      return isSessionId(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Resolves the session and request ids of a request from its headers (any header store). */
export function resolveCorrelation(header: (name: string) => string | null | undefined): Correlation {
  const fromHeader = parseHighlightHeader(header(HIGHLIGHT_REQUEST_HEADER));
  if (fromHeader.sessionId) return fromHeader;
  const sessionId = sessionIdFromCookieHeader(header("cookie"));
  return sessionId ? { sessionId } : {};
}
