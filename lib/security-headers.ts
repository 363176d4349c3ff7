/**
 * Security headers. The static ones apply to every response (next.config.ts); the
 * Content-Security-Policy carries a fresh nonce per request, so proxy.ts sets it, and Next.js puts
 * the nonce on its own scripts. Telemetry destinations come from the same settings the recorder
 * uses, so the policy follows every preset (local receiver, self-hosted Highlight, LaunchDarkly).
 */
// Relative, not "@/": next.config.ts loads this file before any path alias exists.
import { telemetryCspSources, type BrowserObservability } from "./observability/shared/settings";

export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
] as const;

/** Two years, with subdomains: only sent in production, where the site is served over HTTPS. */
export const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" } as const;

export function contentSecurityPolicy(nonce: string, telemetry: BrowserObservability, development: boolean): string {
  const sources = telemetryCspSources(telemetry);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': scripts the nonce'd ones load (Next's chunks, the lazily loaded recorder) may run.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Next.js and the recorder set inline styles; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...sources.connect, ...(development ? ["ws:"] : [])],
    "worker-src": ["'self'", ...sources.worker],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}
