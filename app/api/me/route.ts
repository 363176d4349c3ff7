import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http";
import { toPublicUser, updateProfile } from "@/lib/services/users";
import { profileSchema } from "@/lib/validation";

export const GET = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ user: toPublicUser(user) })));

/** Updates the profile (settings page). */
export const PATCH = apiRoute(
  withUser(async (req, { user }) => {
    const body = await readJson(req, profileSchema);
    if (!body.ok) return body.response;
    return NextResponse.json({ user: await updateProfile(user.id, body.data) });
  }),
);
