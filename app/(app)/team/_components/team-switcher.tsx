"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { switchTeamAction } from "@/app/(app)/team/actions";
import { Alert, Button } from "@/components/ui";
import type { TeamView } from "@/lib/services/teams";

/** The other teams the user belongs to; switching changes what every page shows. */
export function TeamSwitcher({ team }: { team: TeamView }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const others = team.teams.filter((t) => t.id !== team.id);
  if (others.length === 0) return null;
  return (
    <div className="mt-4 space-y-2 text-sm">
      {error && <Alert>{error}</Alert>}
      <ul className="space-y-2">
        {others.map((other) => (
          <li key={other.id} className="flex items-center justify-between gap-3">
            <span>
              {other.name} <span className="text-zinc-500">({other.role})</span>
            </span>
            <Button
              variant="secondary"
              onClick={async () => {
                const result = await switchTeamAction({ teamId: other.id });
                if (!result.ok) return setError(result.error);
                router.refresh();
              }}
            >
              Switch to {other.name}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
