/**
 * Runs before every page and API request (Next 16's name for middleware):
 * - protected pages without a session cookie go straight to sign-in (the pages
 *   still verify the session; this is only the fast path);
 * - state-changing API calls from another site are refused (CSRF), on top of
 *   the SameSite=Lax session cookie.
 */
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";

const PROTECTED_PREFIXES = ["/dashboard", "/settings"];
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
  return NextResponse.next();
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
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|ico|css|js|map)$).*)"],
};
