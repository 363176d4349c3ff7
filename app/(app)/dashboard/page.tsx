import type { Metadata } from "next";
import { ProjectsPanel } from "@/components/dashboard/projects-panel";
import { requireUser } from "@/lib/auth/current-user";
import { listProjects } from "@/lib/services/projects";

export const metadata: Metadata = { title: "Projects" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const projects = await listProjects(user.id);
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Projects</h1>
          <p className="mt-1 text-sm text-zinc-600">Welcome back, {user.name}.</p>
        </div>
      </div>
      <ProjectsPanel initialProjects={projects} />
    </>
  );
}
