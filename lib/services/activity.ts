/**
 * The team's activity log: who did what, when, from which address, and the telemetry anchor
 * (trace and browser session) of the request that did it, so each entry links to its trace and
 * replay. Written in the same transaction as the change it describes, when there is one.
 */
import { headers } from "next/headers";
import { db, type Tx } from "@/lib/db";
import { clientIp } from "@/lib/client-ip";
import { currentAnchor } from "@/lib/observability/server/anchor";

export const ACTIVITY_ACTIONS = {
  sign_up: "Signed up",
  sign_in: "Signed in",
  invite_member: "Invited a member",
  accept_invitation: "Joined the team",
  remove_member: "Removed a member",
  change_role: "Changed a role",
  create_project: "Created a project",
  delete_project: "Deleted a project",
  start_checkout: "Started checkout",
  open_billing_portal: "Opened the billing portal",
  change_plan: "Changed the plan",
  cancel_subscription: "Cancelled the subscription",
  checkout_completed: "Paid through Checkout",
  subscription_updated: "Subscription updated by Stripe",
  payment_succeeded: "A payment succeeded",
  payment_failed: "A payment failed",
} as const;
export type ActivityAction = keyof typeof ACTIVITY_ACTIONS;

export type ActivityView = {
  id: string;
  action: ActivityAction;
  label: string;
  detail: string;
  actor: string;
  ipAddress: string | null;
  traceId: string | null;
  sessionId: string | null;
  createdAt: string;
};

/** The caller's address as lib/http.ts trusts it; null outside a request or when unknown. */
async function requestAddress(): Promise<string | null> {
  try {
    const address = clientIp({ headers: await headers() });
    return address === "unknown" ? null : address;
  } catch {
    return null; // not in a request (a script)
  }
}

type Writer = Pick<Tx, "activity">;

/**
 * Records one entry with the current request's anchor. `address: false` for entries a server
 * caused (a webhook): the caller's address would be Stripe's, not the user's.
 */
export async function recordActivity(
  entry: { teamId: string; userId?: string | null; action: ActivityAction; detail?: string; address?: false },
  tx: Writer = db,
): Promise<void> {
  const { traceId, sessionId } = currentAnchor();
  await tx.activity.create({
    data: {
      teamId: entry.teamId,
      userId: entry.userId ?? null,
      action: entry.action,
      detail: entry.detail ?? "",
      ipAddress: entry.address === false ? null : await requestAddress(),
      traceId: traceId ?? null,
      sessionId: sessionId ?? null,
    },
  });
}

/** The newest entries of one team (the caller checked the reader belongs to it). */
export async function listActivity(teamId: string, take = 100): Promise<ActivityView[]> {
  const rows = await db.activity.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    take,
    include: { user: { select: { name: true, email: true } } },
  });
  return rows.map((row) => {
    const action = row.action as ActivityAction;
    return {
      id: row.id,
      action,
      label: ACTIVITY_ACTIONS[action] ?? row.action,
      detail: row.detail,
      actor: row.user ? row.user.name : row.userId ? "Former member" : "Stripe",
      ipAddress: row.ipAddress,
      traceId: row.traceId,
      sessionId: row.sessionId,
      createdAt: row.createdAt.toISOString(),
    };
  });
}
