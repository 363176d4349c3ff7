import { NextResponse } from "next/server";
import { withHighlight } from "@/lib/observability/server/route";
import { listPlans } from "@/lib/services/plans";

export const GET = withHighlight(async () => NextResponse.json({ plans: await listPlans() }));
