import { NextResponse } from "next/server";
import { readJson, requestUser, unauthorized } from "@/lib/http";
import { logger } from "@/lib/observability/logger";
import { withHighlight } from "@/lib/observability/route";
import { createProject, listProjects } from "@/lib/services/projects";
import { projectSchema } from "@/lib/validation";

export const GET = withHighlight(async (req) => {
  const user = await requestUser(req);
  if (!user) return unauthorized();
  return NextResponse.json({ projects: await listProjects(user.id) });
});

export const POST = withHighlight(async (req) => {
  const user = await requestUser(req);
  if (!user) return unauthorized();
  const body = await readJson(req, projectSchema);
  if (!body.ok) return body.response;
  const project = await createProject(user.id, body.data);
  logger.info("project created", { projectId: project.id });
  return NextResponse.json({ project }, { status: 201 });
});
