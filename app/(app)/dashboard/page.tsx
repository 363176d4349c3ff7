import type { Metadata } from "next";
import { HostedBillingButton } from "@/components/billing/hosted-billing-button";
import { ErrorDemo } from "@/app/(app)/dashboard/_components/error-demo";
import { ProjectsPanel } from "@/app/(app)/dashboard/_components/projects-panel";
import { ButtonLink } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { logger } from "@/lib/observability/server/logger";
import { withHighlightPage } from "@/lib/observability/server/page";
import { withSpan } from "@/lib/observability/server/tracing";
import { listProjects } from "@/lib/services/projects";
import { currentPlanId } from "@/lib/services/subscriptions";

export const metadata: Metadata = { title: "Projects" };

export default withHighlightPage("render_dashboard", async function DashboardPage() {
  const user = await requireUser("/dashboard");
  // A span inside the page's request span, tagged with the browser session that proxy.ts forwarded.
  const [projects, planId] = await withSpan("load_dashboard", { "user.id": user.id }, () =>
    Promise.all([listProjects(user), currentPlanId(user.teamId)]),
  );
  logger.info("dashboard loaded", { projects: projects.length });
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-zinc-950">Projects</h1>
          <p className="mt-1 text-sm text-zinc-600">
            Welcome back, {user.name}. <span data-testid="team-name">{user.teamName}</span>
          </p>
        </div>
        <div className="flex items-center gap-3 text-sm text-zinc-600">
          <span>
            Plan: <strong className="text-zinc-950 capitalize">{planId}</strong>
          </span>
          {planId === "free" && user.role === "owner" ? (
            <div className="w-44">
              <HostedBillingButton endpoint="/api/billing/checkout" body={{ planId: "pro" }} label="Upgrade to Pro" busyLabel="Opening checkout…" />
            </div>
          ) : planId === "free" ? null : (
            <ButtonLink href="/settings" variant="secondary">
              Manage plan
            </ButtonLink>
          )}
        </div>
      </div>
      <ProjectsPanel initialProjects={projects} />
      <ErrorDemo />
    </>
  );
});
