/**
 * Anchors: the telemetry identity of the current request (browser session and trace), to keep
 * with a record the app stores (an activity entry) or to carry across a hop the request itself
 * cannot follow: a redirect to a hosted page, and the webhook that reports the outcome later, in
 * a request with no browser session.
 *
 *   const metadata = anchorMetadata();              // in the request that hands off
 *   continueFrom(event.metadata);                   // at the top of the request that picks up
 *
 * The picking-up request takes the session (its later spans and logs carry highlight.session_id)
 * and its span gets a link to the span that handed off. Knows nothing of Stripe or the product.
 */
import "server-only";
import { TraceFlags } from "@opentelemetry/api";
import { isSessionId } from "@/lib/observability/shared/correlation";
import { requestScope } from "@/lib/observability/server/context";

export type Anchor = { sessionId?: string; traceId?: string; spanId?: string };

/** Metadata keys (plain strings, ≤ 500 characters: what Stripe's metadata accepts). */
export const ANCHOR_SESSION_KEY = "highlight_session_id";
export const ANCHOR_TRACE_KEY = "traceparent";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const NO_TRACE = "0".repeat(32);

/** The current request's session and innermost traced span (none when the request is not sampled). */
export function currentAnchor(): Anchor {
  const scope = requestScope();
  const context = scope?.span?.spanContext();
  const traced = context && context.traceId !== NO_TRACE;
  return { sessionId: scope?.sessionId, ...(traced && { traceId: context.traceId, spanId: context.spanId }) };
}

/** The current anchor as string metadata, for an object that travels elsewhere and comes back. */
export function anchorMetadata(): Record<string, string> {
  const { sessionId, traceId, spanId } = currentAnchor();
  return {
    ...(sessionId && { [ANCHOR_SESSION_KEY]: sessionId }),
    ...(traceId && spanId && { [ANCHOR_TRACE_KEY]: `00-${traceId}-${spanId}-01` }),
  };
}

/** Reads an anchor back from metadata, ignoring anything malformed (metadata is user-reachable data). */
export function anchorFrom(metadata: Record<string, string | undefined> | null | undefined): Anchor {
  const sessionId = metadata?.[ANCHOR_SESSION_KEY];
  const parent = TRACEPARENT.exec(metadata?.[ANCHOR_TRACE_KEY] ?? "");
  return {
    ...(isSessionId(sessionId) && { sessionId }),
    ...(parent && parent[1] !== NO_TRACE && { traceId: parent[1], spanId: parent[2] }),
  };
}

/**
 * Continues the anchored session in this request: later spans and logs carry its session id, and
 * the request span links to the span that handed off. Call it at the top of the handler, before
 * opening spans of its own. Returns the anchor it applied.
 */
export function continueFrom(metadata: Record<string, string | undefined> | null | undefined): Anchor {
  const anchor = anchorFrom(metadata);
  const scope = requestScope();
  if (!scope) return anchor;
  if (anchor.sessionId && !scope.sessionId) scope.sessionId = anchor.sessionId;
  const span = scope.span;
  if (span?.isRecording()) {
    if (anchor.sessionId) span.setAttribute("highlight.session_id", scope.sessionId ?? anchor.sessionId);
    if (anchor.traceId && anchor.spanId) {
      span.addLink({
        context: { traceId: anchor.traceId, spanId: anchor.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true },
        attributes: { "link.reason": "continued" },
      });
    }
  }
  return anchor;
}

