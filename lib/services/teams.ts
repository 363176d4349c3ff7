/**
 * Teams: every user has one from sign-up; a team owns the projects and the subscription.
 * Owners invite (by link), remove members and change roles; members work on projects.
 * Every function takes the signed-in user and checks their role here, so the dashboard's actions
 * and the REST API cannot disagree. Invariants that must hold across concurrent requests and
 * instances (one membership per person, at least one owner, an invitation used once) are kept by
 * the database: unique keys, row locks and conditional updates inside transactions.
 */
import { createHash, randomBytes } from "node:crypto";
import { ForbiddenError, requireRole } from "@/lib/auth/forbidden";
import type { Role, SessionUser } from "@/lib/auth/session";
import { db, type Tx } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { withSpan } from "@/lib/observability/server/tracing";
import { recordActivity } from "@/lib/services/activity";
import { TeamError } from "@/lib/teams/errors";

export const INVITATION_DAYS = 7;


export type MemberView = { userId: string; name: string; email: string; role: Role; joinedAt: string };
export type InvitationView = { id: string; email: string; role: Role; expiresAt: string };
export type TeamView = {
  id: string;
  name: string;
  role: Role;
  members: MemberView[];
  invitations: InvitationView[];
  /** Every team the user belongs to, to switch between. */
  teams: { id: string; name: string; role: Role }[];
};

const asRole = (role: string): Role => (role === "owner" ? "owner" : "member");
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new team owned by `userId`, made current for them (sign-up, or a member left without a team). */
export async function createTeamFor(tx: Tx, user: { id: string; name: string }): Promise<{ id: string; name: string }> {
  const team = await tx.team.create({ data: { name: `${user.name}'s team`, memberships: { create: { userId: user.id, role: "owner" } } } });
  await tx.user.update({ where: { id: user.id }, data: { currentTeamId: team.id } });
  return { id: team.id, name: team.name };
}

export async function getTeam(user: SessionUser): Promise<TeamView> {
  const [memberships, invitations, mine] = await Promise.all([
    db.membership.findMany({ where: { teamId: user.teamId }, include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }),
    // Only owners see pending invitations (their addresses are not every member's business).
    user.role === "owner"
      ? db.invitation.findMany({ where: { teamId: user.teamId, acceptedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" } })
      : Promise.resolve([]),
    db.membership.findMany({ where: { userId: user.id }, include: { team: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } }),
  ]);
  return {
    id: user.teamId,
    name: user.teamName,
    role: user.role,
    members: memberships.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: asRole(m.role), joinedAt: m.createdAt.toISOString() })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: asRole(i.role), expiresAt: i.expiresAt.toISOString() })),
    teams: mine.map((m) => ({ id: m.team.id, name: m.team.name, role: asRole(m.role) })),
  };
}

/**
 * Owner only. Returns the invitation link's token once (only its hash is stored). A new invitation
 * to the same address replaces a pending one, so only the newest link works.
 */
export async function inviteMember(user: SessionUser, input: { email: string; role: Role }): Promise<{ token: string; invitation: InvitationView }> {
  requireRole(user, "owner");
  return withSpan("invite_member", { "team.id": user.teamId, "invitation.role": input.role }, async () => {
    const token = randomBytes(32).toString("base64url");
    const invitation = await db.$transaction(async (tx) => {
      const member = await tx.membership.findFirst({ where: { teamId: user.teamId, user: { email: input.email } } });
      if (member) throw new TeamError("already_member", `${input.email} is already in this team.`);
      await tx.invitation.deleteMany({ where: { teamId: user.teamId, email: input.email, acceptedAt: null } });
      const created = await tx.invitation.create({
        data: {
          teamId: user.teamId,
          email: input.email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedById: user.id,
          expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        },
      });
      await recordActivity({ teamId: user.teamId, userId: user.id, action: "invite_member", detail: `${input.email} as ${input.role}` }, tx);
      return created;
    });
    logger.info("invitation created", { invitationId: invitation.id, role: input.role });
    return { token, invitation: { id: invitation.id, email: invitation.email, role: asRole(invitation.role), expiresAt: invitation.expiresAt.toISOString() } };
  });
}

/** Owner only: withdraws a pending invitation (its link stops working). */
export async function revokeInvitation(user: SessionUser, invitationId: string): Promise<void> {
  requireRole(user, "owner");
  const { count } = await db.invitation.deleteMany({ where: { id: invitationId, teamId: user.teamId, acceptedAt: null } });
  if (count === 0) throw new TeamError("not_found", "That invitation no longer exists.");
}

/** What an invitation link offers, for the page that asks the visitor to accept; null when it is not valid. */
export async function previewInvitation(token: string): Promise<{ teamName: string; email: string; role: Role } | null> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { team: { select: { name: true } } } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date()) return null;
  return { teamName: invitation.team.name, email: invitation.email, role: asRole(invitation.role) };
}

/**
 * Joins the team of a valid, unused invitation addressed to the signed-in user's email, and makes
 * it their current team. The invitation is claimed by a conditional update, so a link works once.
 */
export async function acceptInvitation(user: Pick<SessionUser, "id" | "email">, token: string): Promise<{ teamId: string; teamName: string }> {
  return withSpan("accept_invitation", {}, () =>
    db.$transaction(async (tx) => {
      const invitation = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { team: { select: { name: true } } } });
      if (!invitation || invitation.expiresAt < new Date()) throw new TeamError("invalid_invitation", "This invitation link is not valid any more. Ask the team's owner for a new one.");
      if (invitation.email !== user.email.toLowerCase()) {
        throw new TeamError("wrong_account", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
      }
      const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
      if (claimed.count === 0) throw new TeamError("invalid_invitation", "This invitation has already been used.");
      const existing = await tx.membership.findUnique({ where: { teamId_userId: { teamId: invitation.teamId, userId: user.id } } });
      if (!existing) await tx.membership.create({ data: { teamId: invitation.teamId, userId: user.id, role: invitation.role } });
      await tx.user.update({ where: { id: user.id }, data: { currentTeamId: invitation.teamId } });
      await recordActivity({ teamId: invitation.teamId, userId: user.id, action: "accept_invitation", detail: `as ${invitation.role}` }, tx);
      logger.info("invitation accepted", { invitationId: invitation.id });
      return { teamId: invitation.teamId, teamName: invitation.team.name };
    }),
  );
}

/**
 * Locks the team's memberships for the rest of the transaction, so owner counts stay true until it
 * commits, and checks under the lock that `actor` is still an owner (their session's role may be
 * a moment old: another owner may just have demoted them).
 */
async function lockMemberships(tx: Tx, actor: SessionUser) {
  await tx.$queryRaw`SELECT "id" FROM "Membership" WHERE "teamId" = ${actor.teamId} FOR UPDATE`;
  const memberships = await tx.membership.findMany({ where: { teamId: actor.teamId }, include: { user: { select: { name: true, email: true } } } });
  if (!memberships.some((m) => m.userId === actor.id && m.role === "owner")) throw new ForbiddenError();
  return memberships;
}

function otherOwners(memberships: { userId: string; role: string }[], userId: string): number {
  return memberships.filter((m) => m.role === "owner" && m.userId !== userId).length;
}

/** Owner only. A team keeps at least one owner; a person left without any team gets one of their own. */
export async function removeMember(user: SessionUser, memberUserId: string): Promise<void> {
  requireRole(user, "owner");
  await withSpan("remove_member", { "team.id": user.teamId }, () =>
    db.$transaction(async (tx) => {
      const memberships = await lockMemberships(tx, user);
      const target = memberships.find((m) => m.userId === memberUserId);
      if (!target) throw new TeamError("not_found", "That person is not in this team.");
      if (target.role === "owner" && otherOwners(memberships, memberUserId) === 0) {
        throw new TeamError("last_owner", "A team needs an owner: make someone else owner first.");
      }
      await tx.membership.delete({ where: { id: target.id } });
      const left = await tx.membership.count({ where: { userId: memberUserId } });
      if (left === 0) await createTeamFor(tx, { id: memberUserId, name: target.user.name });
      await recordActivity({ teamId: user.teamId, userId: user.id, action: "remove_member", detail: target.user.email }, tx);
    }),
  );
}

/** Owner only: makes a member an owner or an owner a member (never the last owner). */
export async function changeRole(user: SessionUser, memberUserId: string, role: Role): Promise<void> {
  requireRole(user, "owner");
  await withSpan("change_role", { "team.id": user.teamId, "member.role": role }, () =>
    db.$transaction(async (tx) => {
      const memberships = await lockMemberships(tx, user);
      const target = memberships.find((m) => m.userId === memberUserId);
      if (!target) throw new TeamError("not_found", "That person is not in this team.");
      if (target.role === role) return;
      if (role === "member" && otherOwners(memberships, memberUserId) === 0) {
        throw new TeamError("last_owner", "A team needs an owner: make someone else owner first.");
      }
      await tx.membership.update({ where: { id: target.id }, data: { role } });
      await recordActivity({ teamId: user.teamId, userId: user.id, action: "change_role", detail: `${target.user.email} is now ${role}` }, tx);
    }),
  );
}

/** Works in another of the user's teams from now on. */
export async function switchTeam(user: Pick<SessionUser, "id">, teamId: string): Promise<void> {
  const membership = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId: user.id } } });
  if (!membership) throw new TeamError("not_found", "You are not in that team.");
  await db.user.update({ where: { id: user.id }, data: { currentTeamId: teamId } });
}

/** The team a user works in (for records made before a session exists: sign-in, sign-up). */
export async function currentTeamId(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { currentTeamId: true, memberships: { select: { teamId: true }, orderBy: { createdAt: "asc" } } } });
  if (!user) return null;
  return user.memberships.find((m) => m.teamId === user.currentTeamId)?.teamId ?? user.memberships[0]?.teamId ?? null;
}
