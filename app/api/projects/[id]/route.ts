import { NextResponse } from "next/server";
import { jsonError, parseParam, requestUser, unauthorized } from "@/lib/http";
import { logger } from "@/lib/observability/logger";
import { withHighlight } from "@/lib/observability/route";
import { deleteProject } from "@/lib/services/projects";
import { idSchema } from "@/lib/validation";

export const DELETE = withHighlight<{ params: Promise<{ id: string }> }>(async (req, { params }) => {
  const user = await requestUser(req);
  if (!user) return unauthorized();
  const id = parseParam((await params).id, idSchema);
  if (!id.ok) return id.response;
  if (!(await deleteProject(user.id, id.data))) return jsonError(404, "Project not found.");
  logger.info("project deleted", { projectId: id.data });
  return NextResponse.json({ ok: true });
});
