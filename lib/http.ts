/** Helpers for route handlers: JSON errors, and safe body parsing that never turns a client's mistake into a 500. */
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { SESSION_COOKIE, userFromSessionCookie, type SessionUser } from "@/lib/auth/session";
import { ForbiddenError } from "@/lib/auth/forbidden";
import { BillingError, type BillingFailure } from "@/lib/billing/errors";
import { DATABASE_BUSY_MESSAGE, DATABASE_RETRY_AFTER_S, isDatabaseBusy } from "@/lib/db";
import { withHighlight } from "@/lib/observability/server/route";
import { TeamError, type TeamFailure } from "@/lib/teams/errors";

export const MAX_JSON_BYTES = 16 * 1024;

export type FieldErrors = Record<string, string[]>;

export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): NextResponse {
  return NextResponse.json({ error, ...extra }, { status });
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const { formErrors, fieldErrors } = z.flattenError(error);
  const fields: FieldErrors = {};
  for (const [key, messages] of Object.entries(fieldErrors as Record<string, string[] | undefined>)) if (messages?.length) fields[key] = messages;
  if (formErrors.length) fields._ = formErrors;
  return fields;
}

type Parsed<T> = { ok: true; data: T } | { ok: false; response: NextResponse };

/** Reads a JSON body: 415 for another content type, 413 when too large, 400 for bad JSON or a body the schema rejects. */
export async function readJson<T extends z.ZodType>(req: Request, schema: T): Promise<Parsed<z.infer<T>>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { ok: false, response: jsonError(415, "Send the body as JSON (Content-Type: application/json).") };
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) {
    return { ok: false, response: jsonError(413, `The body is larger than ${MAX_JSON_BYTES} bytes.`) };
  }
  let text: string;
  try {
    text = await readLimited(req, MAX_JSON_BYTES);
  } catch {
    return { ok: false, response: jsonError(413, `The body is larger than ${MAX_JSON_BYTES} bytes.`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, "The body is not valid JSON.") };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    return { ok: false, response: jsonError(400, "Some fields are invalid.", { fields: fieldErrors(result.error) }) };
  }
  return { ok: true, data: result.data };
}

/** Reads at most `limit` bytes, so a body without (or lying in) Content-Length cannot exhaust memory; throws past it. */
export async function readLimited(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error("body too large");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The signed-in user of an API request, or null. */
export function requestUser(req: NextRequest): Promise<SessionUser | null> {
  return userFromSessionCookie(req.cookies.get(SESSION_COOKIE)?.value);
}

export const unauthorized = () => jsonError(401, "Sign in to continue.");

/** A JSON error the client should retry after `seconds` (Retry-After). */
function retryLater(status: number, error: string, seconds: number): NextResponse {
  const response = jsonError(status, error);
  response.headers.set("Retry-After", String(seconds));
  return response;
}

/** 429 with Retry-After, in words a person can act on. */
export const tooManyAttempts = (retryAfterSeconds: number): NextResponse =>
  retryLater(429, `Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, retryAfterSeconds);

type RouteHandler<C> = (req: NextRequest, ctx: C) => Promise<Response> | Response;

/**
 * Every API route of the product: observed by withHighlight (span, session, request id, a throw
 * reported as a 500), with the failures the product expects mapped to their status first.
 */
export function apiRoute<C = unknown>(handler: RouteHandler<C>): (req: NextRequest, ctx: C) => Promise<Response> {
  return withHighlight<C>(async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (error) {
      // A lock or a pooled connection not free in time (lib/db-adapter.ts): 503, retry shortly.
      if (isDatabaseBusy(error)) return retryLater(503, DATABASE_BUSY_MESSAGE, DATABASE_RETRY_AFTER_S);
      if (error instanceof BillingError) return jsonError(BILLING_STATUS[error.failure], error.message);
      if (error instanceof ForbiddenError) return jsonError(403, error.message);
      if (error instanceof TeamError) return jsonError(TEAM_STATUS[error.failure], error.message, { code: error.failure });
      throw error;
    }
  });
}

/** Parses a route param (e.g. an id) with zod: 400 rather than a database error for garbage. */
export function parseParam<T extends z.ZodType>(value: unknown, schema: T): Parsed<z.infer<T>> {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, response: jsonError(400, "Invalid path parameter.", { fields: fieldErrors(result.error) }) };
}

/** Domain failures to HTTP, in one place. */
const TEAM_STATUS: Record<TeamFailure, number> = {
  already_member: 409,
  invalid_invitation: 410,
  wrong_account: 403,
  last_owner: 409,
  not_found: 404,
};

const BILLING_STATUS: Record<BillingFailure, number> = {
  not_purchasable: 400,
  payment_declined: 402,
  no_subscription: 409,
  in_progress: 409,
  unavailable: 502,
  timed_out: 504,
};
