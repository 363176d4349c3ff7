import { db } from "@/lib/db";
import { hashPassword, needsRehash, timingDummyHash, verifyPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/observability/server/logger";
import { recordActivity } from "@/lib/services/activity";
import { createTeamFor, currentTeamId } from "@/lib/services/teams";

export type PublicUser = { id: string; email: string; name: string };
export const toPublicUser = ({ id, email, name }: PublicUser | SessionUser): PublicUser => ({ id, email, name });

export class EmailTakenError extends Error {}

export async function createUser(input: { name: string; email: string; password: string }): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    // The user and their own team, together: nobody exists without a team.
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { name: input.name, email: input.email, passwordHash } });
      const team = await createTeamFor(tx, created);
      await recordActivity({ teamId: team.id, userId: created.id, action: "sign_up" }, tx);
      return created;
    });
    logger.info("user signed up", { userId: user.id });
    return toPublicUser(user);
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new EmailTakenError();
    throw error;
  }
}

/** The user when the password matches; null otherwise, taking the same time whether or not the email exists. */
export async function authenticate(email: string, password: string): Promise<PublicUser | null> {
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await timingDummyHash()));
  if (!user || !valid) return null;
  // Hashes made with older, weaker parameters are upgraded while the password is at hand.
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  const teamId = await currentTeamId(user.id);
  if (teamId) await recordActivity({ teamId, userId: user.id, action: "sign_in" });
  logger.info("user signed in", { userId: user.id });
  return toPublicUser(user);
}

export async function updateProfile(userId: string, input: { name: string }): Promise<PublicUser> {
  return toPublicUser(await db.user.update({ where: { id: userId }, data: { name: input.name } }));
}
