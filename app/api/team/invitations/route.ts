import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { appOrigin } from "@/lib/app-origin";
import { apiRoute, readJson } from "@/lib/http";
import { deliverInvitation } from "@/lib/invitation-mailer";
import { inviteMember } from "@/lib/services/teams";
import { inviteSchema } from "@/lib/validation";

/** Owners only: invites `{ email, role }`; answers with the invitation link (there is no email server). */
export const POST = apiRoute(
  withUser(async (req, { user }) => {
    const body = await readJson(req, inviteSchema);
    if (!body.ok) return body.response;
    const { token, invitation } = await inviteMember(user, body.data);
    const url = `${await appOrigin(req)}/invite/${token}`;
    deliverInvitation({ to: invitation.email, teamName: user.teamName, invitedBy: user.name, url });
    return NextResponse.json({ invitation, url }, { status: 201 });
  }),
);
