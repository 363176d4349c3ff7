/** An action the signed-in user's role does not allow: 403 from a route, a refusal from an action (lib/http.ts, lib/auth/guards.ts). */
import type { Role, SessionUser } from "@/lib/auth/session";

export class ForbiddenError extends Error {
  override name = "ForbiddenError";
  constructor(message = "Only a team owner can do that.") {
    super(message);
  }
}

/** Throws unless the user is an owner of the team they are working in. */
export function requireRole(user: Pick<SessionUser, "role">, role: Role): void {
  if (role === "owner" && user.role !== "owner") throw new ForbiddenError();
}
