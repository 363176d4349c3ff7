/**
 * Runs before every page and API request (Next 16's name for middleware):
 * - carries the Highlight session to the server: the browser SDK's session cookie becomes an
 *   `x-highlight-request` header on the forwarded request, so page renders, RSC requests and
 *   server actions (which have no SDK-added header) are linked to the replay. Request headers
 *   only reach the app through NextResponse.next({ request }).
 * - gives protected pages a fast redirect to sign-in (the pages still verify the session);
 * - refuses state-changing API calls from another site (CSRF), on top of SameSite=Lax cookies;
 * - sets a Content-Security-Policy with a fresh nonce on every page (lib/security-headers.ts).
 */
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";
import { formatHighlightHeader, HIGHLIGHT_REQUEST_HEADER, resolveCorrelation } from "@/lib/observability/shared/correlation";
import { browserObservability } from "@/lib/observability/shared/settings";
import { contentSecurityPolicy } from "@/lib/security-headers";

const PROTECTED_PREFIXES = ["/dashboard", "/settings", "/team", "/activity", "/billing"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Server-to-server callers that authenticate by signature, not by cookie. */
const CROSS_SITE_ALLOWED = ["/api/stripe/webhook"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) {
    if (!request.cookies.has(SESSION_COOKIE)) {
      const signIn = new URL("/sign-in", request.url);
      signIn.searchParams.set("next", `${pathname}${search}`);
      return NextResponse.redirect(signIn);
    }
  }

  if (pathname.startsWith("/api/") && !SAFE_METHODS.has(request.method) && !CROSS_SITE_ALLOWED.includes(pathname)) {
    if (isCrossSite(request)) {
      return NextResponse.json({ error: "Cross-site requests are not allowed." }, { status: 403 });
    }
  }

  const session = withHighlightSession(request);
  if (pathname.startsWith("/api/")) return session ? NextResponse.next({ request: { headers: session } }) : NextResponse.next();
  const headers = session ?? new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const nonce = btoa(crypto.randomUUID());
  const e = env();
  const csp = contentSecurityPolicy(nonce, browserObservability(e), e.NODE_ENV === "development");
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

/** The request's headers plus the session link, or null when there is nothing to add. */
function withHighlightSession(request: NextRequest): Headers | null {
  if (request.headers.has(HIGHLIGHT_REQUEST_HEADER)) return null; // the SDK already sent it
  const { sessionId } = resolveCorrelation((name) => request.headers.get(name));
  if (!sessionId) return null;
  const headers = new Headers(request.headers);
  headers.set(HIGHLIGHT_REQUEST_HEADER, formatHighlightHeader(sessionId, crypto.randomUUID()));
  return headers;
}

/** A browser tells us where a request comes from; clients without these headers (curl, servers) are not CSRF vectors. */
function isCrossSite(request: NextRequest): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.get("host");
  } catch {
    return true;
  }
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|ico|css|js|map|woff2?)$).*)"],
};
