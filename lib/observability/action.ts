/**
 * `withHighlightAction(name, schema, fn)`: the server-action counterpart of withHighlight.
 * Input is validated with zod; the action runs in a span named `name`, tied to the browser
 * session (forwarded by proxy.ts) and the signed-in user; a throw is reported to Highlight and
 * returned as a typed failure, so the page shows a message instead of crashing.
 */
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import type { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/session";
import { fieldErrors, type FieldErrors } from "@/lib/http";
import { HIGHLIGHT_REQUEST_HEADER, parseHighlightHeader, runWithRequestContext } from "@/lib/observability/context";
import { logger } from "@/lib/observability/logger";
import { reportServerError } from "@/lib/observability/errors";
import { withSpan } from "@/lib/observability/tracing";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fields?: FieldErrors; requestId?: string };

/** Thrown by an action for an outcome the user caused (e.g. not found): returned as-is, not reported. */
export class ActionError extends Error {
  override name = "ActionError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function withHighlightAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  fn: (input: z.infer<S>, ctx: { user: SessionUser }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const incoming = await headers();
    const { sessionId, requestId: browserRequestId } = parseHighlightHeader(incoming.get(HIGHLIGHT_REQUEST_HEADER));
    const requestId = browserRequestId ?? randomUUID();
    const user = await getCurrentUser();

    return runWithRequestContext({ sessionId, requestId, userId: user?.id }, () =>
      // eslint-disable-next-line observability/span-names -- checked where withHighlightAction is called
      withSpan(name, { "next.action": name, ...(user && { "user.id": user.id }) }, async (span) => {
        if (!user) {
          logger.warn("server action refused: not signed in", { action: name });
          return { ok: false, error: "Sign in to continue." };
        }
        const parsed = schema.safeParse(input);
        if (!parsed.success) {
          logger.warn("server action input rejected", { action: name });
          return { ok: false, error: "Some fields are invalid.", fields: fieldErrors(parsed.error) };
        }
        try {
          return { ok: true, data: await fn(parsed.data, { user }) };
        } catch (error) {
          if (error instanceof ActionError) return { ok: false, error: error.message, code: error.code };
          const err = error instanceof Error ? error : new Error(String(error));
          logger.error("server action failed", { action: name, error: err.message });
          reportServerError(span, err, { sessionId, requestId }, { "next.action": name });
          return { ok: false, error: `Something went wrong (reference ${requestId}). Please try again.`, requestId };
        }
      }),
    );
  };
}
