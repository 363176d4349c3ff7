/**
 * `withHighlightAction(name, action)`: the server-action counterpart of withHighlight. It only
 * observes: the action runs in a span named `name` (snake_case verb_noun), tied to the browser
 * session that proxy.ts forwards; a throw is reported with the session and rethrown. Product
 * concerns (auth, validation, the result shape) compose inside it, e.g. lib/auth/guards.ts.
 */
import "server-only";
import { headers } from "next/headers";
import { reportServerError } from "@/lib/observability/server/errors";
import { endRequestSpan, runRequest } from "@/lib/observability/server/tracing";

export function withHighlightAction<A extends unknown[], R>(name: string, action: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const incoming = await headers();
    return runRequest({ name, header: (key) => incoming.get(key), attributes: { "next.action": name } }, async (span) => {
      try {
        const result = await action(...args);
        endRequestSpan(span, { ok: true });
        return result;
      } catch (error) {
        reportServerError(error, { "next.action": name }, name);
        endRequestSpan(span, { ok: false });
        throw error;
      }
    });
  };
}
