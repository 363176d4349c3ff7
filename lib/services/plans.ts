import { db } from "@/lib/db";

export type PlanView = { id: string; name: string; description: string; priceCents: number; features: string[] };

export async function listPlans(): Promise<PlanView[]> {
  const plans = await db.plan.findMany({ orderBy: { sortOrder: "asc" } });
  return plans.map(({ id, name, description, priceCents, features }) => ({
    id,
    name,
    description,
    priceCents,
    features: JSON.parse(features) as string[],
  }));
}

export const formatPrice = (cents: number) => (cents === 0 ? "Free" : `$${(cents / 100).toFixed(0)}/mo`);
