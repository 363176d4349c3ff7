/**
 * Projects: the one place that changes them, used by the dashboard's actions and the REST API alike.
 * A project is its team's: every member lists, creates and deletes; nobody reaches another team's.
 */
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";
import { recordActivity } from "@/lib/services/activity";

export type ProjectView = { id: string; name: string; description: string; createdAt: string };

const view = (p: { id: string; name: string; description: string; createdAt: Date }): ProjectView => ({
  id: p.id,
  name: p.name,
  description: p.description,
  createdAt: p.createdAt.toISOString(),
});

type Member = Pick<SessionUser, "id" | "teamId">;

export async function listProjects(user: Member): Promise<ProjectView[]> {
  const projects = await db.project.findMany({ where: { teamId: user.teamId }, orderBy: { createdAt: "desc" }, take: 100 });
  return projects.map(view);
}

export async function createProject(user: Member, input: { name: string; description: string }): Promise<ProjectView> {
  const project = await db.$transaction(async (tx) => {
    const created = await tx.project.create({ data: { teamId: user.teamId, createdById: user.id, ...input } });
    await recordActivity({ teamId: user.teamId, userId: user.id, action: "create_project", detail: created.name }, tx);
    return view(created);
  });
  logger.info("project created", { projectId: project.id });
  return project;
}

/** Deletes one of the team's projects; false when it does not exist or belongs to another team. */
export async function deleteProject(user: Member, id: string): Promise<boolean> {
  const deleted = await db.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: { id, teamId: user.teamId }, select: { name: true } });
    if (!project) return false;
    const { count } = await tx.project.deleteMany({ where: { id, teamId: user.teamId } });
    if (count === 1) await recordActivity({ teamId: user.teamId, userId: user.id, action: "delete_project", detail: project.name }, tx);
    return count === 1;
  });
  if (deleted) logger.info("project deleted", { projectId: id });
  return deleted;
}
