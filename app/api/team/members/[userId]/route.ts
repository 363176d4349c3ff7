import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute, parseParam, readJson } from "@/lib/http";
import { changeRole, removeMember } from "@/lib/services/teams";
import { changeRoleSchema, idSchema } from "@/lib/validation";

type Params = { params: Promise<{ userId: string }> };

/** Owners only: `{ role }` makes the member an owner or a member. */
export const PATCH = apiRoute(
  withUser<Params>(async (req, { params, user }) => {
    const id = parseParam((await params).userId, idSchema);
    if (!id.ok) return id.response;
    const body = await readJson(req, changeRoleSchema);
    if (!body.ok) return body.response;
    await changeRole(user, id.data, body.data.role);
    return NextResponse.json({ ok: true });
  }),
);

/** Owners only: removes the member from the team. */
export const DELETE = apiRoute(
  withUser<Params>(async (_req, { params, user }) => {
    const id = parseParam((await params).userId, idSchema);
    if (!id.ok) return id.response;
    await removeMember(user, id.data);
    return NextResponse.json({ ok: true });
  }),
);
