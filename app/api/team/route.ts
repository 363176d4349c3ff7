import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http";
import { getTeam } from "@/lib/services/teams";

/** The current team: members, your role, pending invitations (owners only), the teams you can switch to. */
export const GET = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ team: await getTeam(user) })));
