/** Which address a request came from, trusting only our own proxies. */
import { env } from "@/lib/env";

/**
 * The client's address for rate limiting and the activity log. X-Forwarded-For is written by whoever sent the request, so
 * only the entries added by our own proxies count: with TRUSTED_PROXY_HOPS=N (N proxies in front, each
 * appending the address it saw), the client is the N-th entry from the right. With 0 (the default: no
 * proxy), no header is trusted and every client shares one address bucket; limits per account still hold.
 */
export function clientIp(req: { headers: { get(name: string): string | null } }, hops = env().TRUSTED_PROXY_HOPS): string {
  if (hops <= 0) return "unknown";
  const chain = (req.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  return chain[chain.length - hops] ?? "unknown";
}
