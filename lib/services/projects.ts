/** Projects: the one place that changes them, used by the dashboard's actions and the REST API alike. */
import { db } from "@/lib/db";
import { logger } from "@/lib/observability/server/logger";

export type ProjectView = { id: string; name: string; description: string; createdAt: string };

const view = (p: { id: string; name: string; description: string; createdAt: Date }): ProjectView => ({
  id: p.id,
  name: p.name,
  description: p.description,
  createdAt: p.createdAt.toISOString(),
});

export async function listProjects(userId: string): Promise<ProjectView[]> {
  const projects = await db.project.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 100 });
  return projects.map(view);
}

export async function createProject(userId: string, input: { name: string; description: string }): Promise<ProjectView> {
  const project = view(await db.project.create({ data: { userId, ...input } }));
  logger.info("project created", { projectId: project.id });
  return project;
}

/** Deletes the user's project; false when it does not exist or belongs to someone else. */
export async function deleteProject(userId: string, id: string): Promise<boolean> {
  const { count } = await db.project.deleteMany({ where: { id, userId } });
  if (count === 1) logger.info("project deleted", { projectId: id });
  return count === 1;
}
