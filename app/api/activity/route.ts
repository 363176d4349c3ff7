import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http";
import { listActivity } from "@/lib/services/activity";

/** The current team's activity log, newest first (every member may read it). */
export const GET = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ activity: await listActivity(user.teamId) })));
