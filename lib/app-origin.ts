/** The app's public origin, for URLs the user is sent back to from elsewhere (Stripe's hosted pages, invitation links). */
import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * APP_URL when set (set it in production: behind a proxy the Host header is whatever the proxy
 * sends); else the origin of `request` (a route handler's), or of the current request (an action's).
 */
export async function appOrigin(request?: Request): Promise<string> {
  const configured = env().APP_URL;
  if (configured) return configured.replace(/\/+$/, "");
  if (request) return new URL(request.url).origin;
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
}
