import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { readJson, requestUser, unauthorized } from "@/lib/http";
import { withHighlight } from "@/lib/observability/route";
import { toPublicUser } from "@/lib/services/users";
import { profileSchema } from "@/lib/validation";

export const GET = withHighlight(async (req) => {
  const user = await requestUser(req);
  return user ? NextResponse.json({ user: toPublicUser(user) }) : unauthorized();
});

/** Updates the profile (settings page). */
export const PATCH = withHighlight(async (req) => {
  const user = await requestUser(req);
  if (!user) return unauthorized();
  const body = await readJson(req, profileSchema);
  if (!body.ok) return body.response;
  const updated = await db.user.update({ where: { id: user.id }, data: { name: body.data.name } });
  return NextResponse.json({ user: toPublicUser(updated) });
});
