"use client";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field } from "@/components/ui";
import { createProjectAction, deleteProjectAction } from "@/app/(app)/dashboard/actions";
import { firstErrors } from "@/lib/api-client";
import type { ProjectView } from "@/lib/services/projects";

export function ProjectsPanel({ initialProjects }: { initialProjects: ProjectView[] }) {
  const [projects, setProjects] = useState(initialProjects);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setCreating(true);
    setError(undefined);
    setFields({});
    const data = new FormData(form);
    const result = await createProjectAction({ name: String(data.get("name") ?? ""), description: String(data.get("description") ?? "") });
    setCreating(false);
    if (!result.ok) {
      setError(result.error);
      setFields(firstErrors(result.fields));
      return;
    }
    setProjects((list) => [result.data, ...list]);
    form.reset();
  }

  async function remove(project: ProjectView) {
    setDeleting(project.id);
    setError(undefined);
    const result = await deleteProjectAction({ id: project.id });
    setDeleting(undefined);
    if (!result.ok && result.code !== "not_found") return setError(result.error);
    setProjects((list) => list.filter((p) => p.id !== project.id));
  }

  return (
    <div className="mt-8 grid gap-8 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="project-list">
        <h2 id="project-list" className="sr-only">
          Your projects
        </h2>
        {error && <Alert>{error}</Alert>}
        {projects.length === 0 ? (
          <div className="rounded-xl border-2 border-dashed border-zinc-300 p-10 text-center">
            <p className="font-semibold text-zinc-900">No projects yet</p>
            <p className="mt-1 text-sm text-zinc-600">Create your first project with the form.</p>
          </div>
        ) : (
          <ul className="space-y-3" aria-label="Projects">
            {projects.map((project) => (
              <li key={project.id} className="flex items-start justify-between gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-zinc-200">
                <div className="min-w-0">
                  <p className="truncate font-semibold text-zinc-950">{project.name}</p>
                  {project.description && <p className="mt-1 text-sm text-zinc-600">{project.description}</p>}
                  <p className="mt-1 text-xs text-zinc-500">
                    Created <time dateTime={project.createdAt}>{new Date(project.createdAt).toLocaleDateString("en")}</time>
                  </p>
                </div>
                <Button
                  variant="danger"
                  onClick={() => remove(project)}
                  disabled={deleting === project.id}
                  aria-label={`Delete ${project.name}`}
                >
                  {deleting === project.id ? "Deleting…" : "Delete"}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Card aria-labelledby="new-project">
        <h2 id="new-project" className="font-semibold text-zinc-950">
          New project
        </h2>
        <form onSubmit={create} noValidate className="mt-4 space-y-4">
          <Field label="Project name" name="name" required maxLength={80} error={fields.name} />
          <Field label="Description" name="description" maxLength={500} hint="Optional." error={fields.description} />
          <Button type="submit" className="w-full" disabled={creating} aria-busy={creating}>
            {creating ? "Creating…" : "Create project"}
          </Button>
        </form>
      </Card>
    </div>
  );
}
