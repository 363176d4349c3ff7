/**
 * Product guards, composed inside the observability wrappers (which only observe):
 *
 *   export const GET = withHighlight(withUser(async (req, { user }) => …));
 *   export const save = withHighlightAction("save_thing", authedAction(schema, async (input, { user }) => …));
 *
 * In the spirit of saas-starter's validatedActionWithUser and t3's protectedProcedure.
 */
import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ForbiddenError } from "@/lib/auth/forbidden";
import type { SessionUser } from "@/lib/auth/session";
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy } from "@/lib/db";
import { fieldErrors, requestUser, unauthorized, type FieldErrors } from "@/lib/http";
import { currentRequestId } from "@/lib/observability/server/context";
import { reportServerError } from "@/lib/observability/server/errors";
import { logger } from "@/lib/observability/server/logger";
import { setRequestAttributes } from "@/lib/observability/server/tracing";
import { BillingError } from "@/lib/billing/errors";
import { TeamError } from "@/lib/teams/errors";

/** A route handler that runs only for a signed-in user (401 otherwise). */
export function withUser<C>(
  handler: (req: NextRequest, ctx: C & { user: SessionUser }) => Promise<Response>,
): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    const user = await requestUser(req);
    if (!user) return unauthorized();
    setRequestAttributes({ "user.id": user.id, "team.id": user.teamId });
    return handler(req, { ...ctx, user });
  };
}

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

/**
 * A server action for a signed-in user with zod-validated input. Every outcome is a typed
 * result the page can show; an unexpected throw is reported with the session and answered with
 * a reference the user can quote.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, ctx: { user: SessionUser }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const user = await getCurrentUser();
      if (!user) {
        logger.warn("server action refused: not signed in");
        return { ok: false, error: "Sign in to continue." };
      }
      setRequestAttributes({ "user.id": user.id, "team.id": user.teamId });
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        logger.warn("server action input rejected");
        return { ok: false, error: "Some fields are invalid.", fields: fieldErrors(parsed.error) };
      }
      return { ok: true, data: await fn(parsed.data, { user }) };
    } catch (error) {
      if (error instanceof ActionError) return { ok: false, error: error.message, code: error.code };
      // Outcomes of the user's own making or role: shown as they are, not reported as failures.
      if (error instanceof ForbiddenError) return { ok: false, error: error.message, code: "forbidden" };
      if (error instanceof TeamError) return { ok: false, error: error.message, code: error.failure };
      if (error instanceof BillingError) return { ok: false, error: error.message, code: error.failure };
      if (isDatabaseBusy(error)) {
        logger.warn("server action refused: database busy");
        return { ok: false, error: DATABASE_BUSY_MESSAGE, code: "busy" };
      }
      logger.error("server action failed", { error: error instanceof Error ? error.message : String(error) });
      reportServerError(error);
      const requestId = currentRequestId();
      return { ok: false, error: `Something went wrong (reference ${requestId}). Please try again.`, requestId };
    }
  };
}
