const BASE = "http://app.invalid";

/**
 * Where to go after signing in: only a path on this site, never another origin (open-redirect safe).
 * The value is resolved the way a browser would resolve it against the app's origin (browsers drop
 * tabs and newlines, so `/%09/evil.example` means `//evil.example`), and kept only when the result
 * stays on that origin; the path returned is the resolved one, so what is checked is what is followed.
 */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/dashboard"): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || path.includes("\\")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
