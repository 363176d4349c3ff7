import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http";
import { listPlans } from "@/lib/services/plans";

export const GET = apiRoute(async () => NextResponse.json({ plans: await listPlans() }));
