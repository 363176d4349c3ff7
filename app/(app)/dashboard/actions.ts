"use server";
/** The dashboard's mutations, as server actions (Next.js forms call these directly). */
import { z } from "zod";
import { ActionError, withHighlightAction } from "@/lib/observability/action";
import { logger } from "@/lib/observability/logger";
import { createProject, deleteProject } from "@/lib/services/projects";
import { idSchema, projectSchema } from "@/lib/validation";

export const createProjectAction = withHighlightAction("create_project", projectSchema, async (input, { user }) => {
  const project = await createProject(user.id, input);
  logger.info("project created", { projectId: project.id });
  return project;
});

export const deleteProjectAction = withHighlightAction("delete_project", z.object({ id: idSchema }), async ({ id }, { user }) => {
  if (!(await deleteProject(user.id, id))) throw new ActionError("That project no longer exists.", "not_found");
  logger.info("project deleted", { projectId: id });
  return { id };
});
