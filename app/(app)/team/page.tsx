import type { Metadata } from "next";
import { InviteForm } from "@/app/(app)/team/_components/invite-form";
import { MemberList } from "@/app/(app)/team/_components/member-list";
import { TeamSwitcher } from "@/app/(app)/team/_components/team-switcher";
import { Card } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { withHighlightPage } from "@/lib/observability/server/page";
import { getTeam } from "@/lib/services/teams";

export const metadata: Metadata = { title: "Team" };

export default withHighlightPage("render_team", async function TeamPage() {
  const user = await requireUser("/team");
  const team = await getTeam(user);
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">{team.name}</h1>
      <p className="mt-1 text-sm text-zinc-600">
        You are {team.role === "owner" ? "an owner" : "a member"} of this team.
      </p>
      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="members">
          <h2 id="members" className="font-semibold text-zinc-950">
            Members
          </h2>
          <MemberList team={team} userId={user.id} />
        </Card>
        <div className="space-y-6">
          {team.role === "owner" && (
            <Card aria-labelledby="invite">
              <h2 id="invite" className="font-semibold text-zinc-950">
                Invite a member
              </h2>
              <InviteForm />
            </Card>
          )}
          {team.teams.length > 1 && (
            <Card aria-labelledby="teams">
              <h2 id="teams" className="font-semibold text-zinc-950">
                Your other teams
              </h2>
              <TeamSwitcher team={team} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
});
