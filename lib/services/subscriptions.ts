import { db } from "@/lib/db";

const ACTIVE_STATUSES = ["active", "trialing", "past_due"];

/** The plan the user pays for now; everyone without a live subscription is on `free`. */
export async function currentPlanId(userId: string): Promise<string> {
  const subscription = await db.subscription.findUnique({ where: { userId }, select: { planId: true, status: true } });
  return subscription && ACTIVE_STATUSES.includes(subscription.status) ? subscription.planId : "free";
}
