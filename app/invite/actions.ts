"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { INVITATION_COOKIE } from "@/lib/invitation-cookie";
import { withHighlightAction } from "@/lib/observability/server/action";
import { acceptInvitation } from "@/lib/services/teams";
import { invitationTokenSchema } from "@/lib/validation";

/** Joins the team of the invitation the browser holds (set by /invite/[token]). */
export const acceptInvitationAction = withHighlightAction(
  "accept_invitation",
  authedAction(z.object({}), async (_input, { user }) => {
    const jar = await cookies();
    const token = invitationTokenSchema.safeParse(jar.get(INVITATION_COOKIE)?.value);
    if (!token.success) throw new ActionError("Open the invitation link again: it was not found in this browser.", "invalid_invitation");
    const joined = await acceptInvitation(user, token.data);
    jar.delete(INVITATION_COOKIE);
    return joined;
  }),
);
