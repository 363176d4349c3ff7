import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/guards";
import { apiRoute, readJson } from "@/lib/http";
import { createProject, listProjects } from "@/lib/services/projects";
import { projectSchema } from "@/lib/validation";

export const GET = apiRoute(withUser(async (_req, { user }) => NextResponse.json({ projects: await listProjects(user) })));

export const POST = apiRoute(
  withUser(async (req, { user }) => {
    const body = await readJson(req, projectSchema);
    if (!body.ok) return body.response;
    return NextResponse.json({ project: await createProject(user, body.data) }, { status: 201 });
  }),
);
