/** Where to go after signing in: only a path on this site, never another origin (open-redirect safe). */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/dashboard"): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return fallback;
  return path;
}
