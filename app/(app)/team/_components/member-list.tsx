"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from "@/app/(app)/team/actions";
import { Alert, Button } from "@/components/ui";
import type { ActionResult } from "@/lib/auth/guards";
import type { TeamView } from "@/lib/services/teams";

/** The team's members (and, for owners, pending invitations) with the owner's controls. */
export function MemberList({ team, userId }: { team: TeamView; userId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const owner = team.role === "owner";

  async function run(action: Promise<ActionResult<unknown>>) {
    setBusy(true);
    setError(undefined);
    const result = await action;
    setBusy(false);
    if (!result.ok) return setError(result.error);
    router.refresh();
  }

  return (
    <div className="mt-4 space-y-4">
      {error && <Alert>{error}</Alert>}
      <ul className="divide-y divide-zinc-200" aria-label="Members">
        {team.members.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
            <div>
              <p className="font-medium text-zinc-950">
                {member.name} {member.userId === userId && <span className="text-zinc-500">(you)</span>}
              </p>
              <p className="text-zinc-600">{member.email}</p>
            </div>
            <div className="flex items-center gap-2">
              <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs font-medium capitalize text-zinc-700" data-testid="member-role">
                {member.role}
              </span>
              {owner && (
                <>
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => run(changeRoleAction({ userId: member.userId, role: member.role === "owner" ? "member" : "owner" }))}
                    aria-label={`Make ${member.email} ${member.role === "owner" ? "a member" : "an owner"}`}
                  >
                    {member.role === "owner" ? "Make member" : "Make owner"}
                  </Button>
                  <Button variant="danger" disabled={busy} onClick={() => run(removeMemberAction({ userId: member.userId }))} aria-label={`Remove ${member.email}`}>
                    Remove
                  </Button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {owner && team.invitations.length > 0 && (
        <>
          <h3 className="text-sm font-semibold text-zinc-950">Pending invitations</h3>
          <ul className="divide-y divide-zinc-200 text-sm" aria-label="Pending invitations">
            {team.invitations.map((invitation) => (
              <li key={invitation.id} className="flex items-center justify-between gap-3 py-2">
                <span>
                  {invitation.email} · {invitation.role} · expires {new Date(invitation.expiresAt).toLocaleDateString("en", { dateStyle: "medium" })}
                </span>
                <Button
                  variant="secondary"
                  disabled={busy}
                  onClick={() => run(revokeInvitationAction({ id: invitation.id }))}
                  aria-label={`Revoke the invitation of ${invitation.email}`}
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
