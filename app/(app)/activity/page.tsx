import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { telemetryLink } from "@/lib/observability/server/links";
import { withHighlightPage } from "@/lib/observability/server/page";
import { listActivity } from "@/lib/services/activity";

export const metadata: Metadata = { title: "Activity" };

const when = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

export default withHighlightPage("render_activity", async function ActivityPage() {
  const user = await requireUser("/activity");
  const entries = await listActivity(user.teamId);
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Activity</h1>
      <p className="mt-1 text-sm text-zinc-600">
        What happened in {user.teamName}, newest first. Each entry links to the trace and the session replay of the request that did it.
      </p>
      <Card className="mt-8 overflow-x-auto p-0" aria-label="Activity log">
        {entries.length === 0 ? (
          <p className="p-6 text-sm text-zinc-600">Nothing yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500">
              <tr>
                <th className="px-4 py-2">When</th>
                <th className="px-4 py-2">Who</th>
                <th className="px-4 py-2">What</th>
                <th className="px-4 py-2">From</th>
                <th className="px-4 py-2">Telemetry</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {entries.map((entry) => {
                const trace = telemetryLink("traces", entry.traceId);
                const session = telemetryLink("sessions", entry.sessionId);
                return (
                  <tr key={entry.id} data-action={entry.action}>
                    <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{when(entry.createdAt)}</td>
                    <td className="px-4 py-2">{entry.actor}</td>
                    <td className="px-4 py-2">
                      {entry.label}
                      {entry.detail && <span className="text-zinc-600">: {entry.detail}</span>}
                    </td>
                    <td className="px-4 py-2 text-zinc-600">{entry.ipAddress ?? "—"}</td>
                    <td className="whitespace-nowrap px-4 py-2">
                      {trace && (
                        <a href={trace} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
                          Trace
                        </a>
                      )}
                      {trace && session && " · "}
                      {session && (
                        <a href={session} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
                          Session
                        </a>
                      )}
                      {!trace && !session && <span className="text-zinc-400">not traced</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
});
