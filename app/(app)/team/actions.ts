"use server";
/** The team page's mutations (invitations go through POST /api/team/invitations: see invite-form.tsx). Roles are checked in lib/services/teams.ts. */
import { z } from "zod";
import { authedAction } from "@/lib/auth/guards";
import { withHighlightAction } from "@/lib/observability/server/action";
import { changeRole, removeMember, revokeInvitation, switchTeam } from "@/lib/services/teams";
import { idSchema, roleSchema, teamIdSchema } from "@/lib/validation";

export const revokeInvitationAction = withHighlightAction(
  "revoke_invitation",
  authedAction(z.object({ id: idSchema }), ({ id }, { user }) => revokeInvitation(user, id)),
);

export const removeMemberAction = withHighlightAction(
  "remove_member",
  authedAction(z.object({ userId: idSchema }), ({ userId }, { user }) => removeMember(user, userId)),
);

export const changeRoleAction = withHighlightAction(
  "change_role",
  authedAction(z.object({ userId: idSchema, role: roleSchema }), ({ userId, role }, { user }) => changeRole(user, userId, role)),
);

export const switchTeamAction = withHighlightAction(
  "switch_team",
  authedAction(z.object({ teamId: teamIdSchema }), ({ teamId }, { user }) => switchTeam(user, teamId)),
);
