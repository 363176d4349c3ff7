import type { Metadata } from "next";
import { cookies } from "next/headers";
import { AcceptButton } from "@/app/invite/accept-button";
import { ButtonLink, Card, Logo } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { INVITATION_COOKIE } from "@/lib/invitation-cookie";
import { withHighlightPage } from "@/lib/observability/server/page";
import { previewInvitation } from "@/lib/services/teams";
import { invitationTokenSchema } from "@/lib/validation";

export const metadata: Metadata = { title: "Invitation" };

export default withHighlightPage("render_invitation", async function InvitePage() {
  const token = invitationTokenSchema.safeParse((await cookies()).get(INVITATION_COOKIE)?.value);
  const [invitation, user] = await Promise.all([token.success ? previewInvitation(token.data) : null, getCurrentUser()]);
  const back = encodeURIComponent("/invite");
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <Logo />
      <Card className="mt-8 space-y-4" aria-labelledby="invitation">
        <h1 id="invitation" className="text-xl font-bold text-zinc-950">
          {invitation ? `Join ${invitation.teamName}` : "Invitation not valid"}
        </h1>
        {!invitation ? (
          <p className="text-sm text-zinc-600">This invitation link has expired, was revoked or has been used. Ask the team&apos;s owner for a new one.</p>
        ) : !user ? (
          <>
            <p className="text-sm text-zinc-600">
              You are invited as {invitation.role}. Sign in, or create an account, with the address the invitation was sent to.
            </p>
            <div className="flex gap-3">
              <ButtonLink href={`/sign-in?next=${back}`}>Sign in</ButtonLink>
              <ButtonLink href={`/sign-up?next=${back}`} variant="secondary">
                Create an account
              </ButtonLink>
            </div>
          </>
        ) : (
          <>
            <p className="text-sm text-zinc-600">
              You are invited as {invitation.role}. You keep your own team too and can switch between them on the Team page.
            </p>
            <AcceptButton teamName={invitation.teamName} />
          </>
        )}
      </Card>
    </div>
  );
});
