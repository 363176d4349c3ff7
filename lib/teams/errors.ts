/**
 * Team failures the user can act on, as domain outcomes (no HTTP here): lib/http.ts maps them to
 * status codes and lib/auth/guards.ts to a refused action, each in one place.
 */
export type TeamFailure = "already_member" | "invalid_invitation" | "wrong_account" | "last_owner" | "not_found";

/** A team change the user can act on; mapped to 4xx in lib/http.ts and to a refusal in actions. */
export class TeamError extends Error {
  override name = "TeamError";
  constructor(
    readonly failure: TeamFailure,
    message: string,
  ) {
    super(message);
  }
}
