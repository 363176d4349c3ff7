import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute, jsonError, parseParam } from "@/lib/http";
import { deleteProject } from "@/lib/services/projects";
import { idSchema } from "@/lib/validation";

export const DELETE = apiRoute(
  withUser<{ params: Promise<{ id: string }> }>(async (_req, { params, user }) => {
    const id = parseParam((await params).id, idSchema);
    if (!id.ok) return id.response;
    if (!(await deleteProject(user, id.data))) return jsonError(404, "Project not found.");
    return NextResponse.json({ ok: true });
  }),
);
