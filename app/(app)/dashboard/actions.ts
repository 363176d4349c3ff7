"use server";
/** The dashboard's mutations, as server actions (the UI's entry point; the REST routes are the API's). */
import { z } from "zod";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { withHighlightAction } from "@/lib/observability/server/action";
import { createProject, deleteProject } from "@/lib/services/projects";
import { idSchema, projectSchema } from "@/lib/validation";

export const createProjectAction = withHighlightAction(
  "create_project",
  authedAction(projectSchema, (input, { user }) => createProject(user, input)),
);

export const deleteProjectAction = withHighlightAction(
  "delete_project",
  authedAction(z.object({ id: idSchema }), async ({ id }, { user }) => {
    if (!(await deleteProject(user, id))) throw new ActionError("That project no longer exists.", "not_found");
    return { id };
  }),
);
