"use server";
/** The team page's mutations. Roles are checked in lib/services/teams.ts, not here. */
import { z } from "zod";
import { appOrigin } from "@/lib/app-origin";
import { authedAction } from "@/lib/auth/guards";
import { deliverInvitation } from "@/lib/invitation-mailer";
import { withHighlightAction } from "@/lib/observability/server/action";
import { changeRole, inviteMember, removeMember, revokeInvitation, switchTeam } from "@/lib/services/teams";
import { idSchema, inviteSchema, roleSchema, teamIdSchema } from "@/lib/validation";

export const inviteMemberAction = withHighlightAction(
  "invite_member",
  authedAction(inviteSchema, async (input, { user }) => {
    const { token, invitation } = await inviteMember(user, input);
    const url = `${await appOrigin()}/invite/${token}`;
    deliverInvitation({ to: invitation.email, teamName: user.teamName, invitedBy: user.name, url });
    return { email: invitation.email, url };
  }),
);

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
