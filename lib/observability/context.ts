/**
 * The Highlight session and request a piece of server work belongs to, carried
 * through async calls so spans and log lines can be tied back to the replay.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { propagation } from "@opentelemetry/api";

export type RequestContext = { sessionId?: string; requestId: string; userId?: string };

const KEY = Symbol.for("saas-starter.request-context");
// One store per process, even when Next bundles this module into several chunks.
const store: AsyncLocalStorage<RequestContext> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<RequestContext>()) as AsyncLocalStorage<RequestContext>;

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => store.run(context, fn);

/**
 * The current request's session: set explicitly by withHighlight / withHighlightAction, or
 * else carried as OpenTelemetry baggage, which proxy.ts adds to every page load, RSC request
 * and server action and Next extracts into the request's context.
 */
export function requestContext(): RequestContext | undefined {
  const stored = store.getStore();
  if (stored) return stored;
  const { sessionId, requestId } = parseHighlightHeader(propagation.getActiveBaggage()?.getEntry(HIGHLIGHT_REQUEST_HEADER)?.value);
  return sessionId ? { sessionId, requestId: requestId ?? "" } : undefined;
}

export const HIGHLIGHT_REQUEST_HEADER = "x-highlight-request";

/** `x-highlight-request: <sessionSecureId>/<requestId>`, as the browser SDK sends it. */
export function parseHighlightHeader(value: string | null | undefined): { sessionId?: string; requestId?: string } {
  const match = /^([\w-]{1,64})\/([\w-]{1,64})$/.exec(value?.trim() ?? "");
  return match ? { sessionId: match[1], requestId: match[2] } : {};
}

export { SESSION_ID_COOKIE } from "@/lib/observability/config";
