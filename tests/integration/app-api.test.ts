import { beforeEach, describe, expect, it } from "vitest";
import * as signup from "@/app/api/auth/signup/route";
import * as health from "@/app/api/health/route";
import * as plans from "@/app/api/plans/route";
import * as projectById from "@/app/api/projects/[id]/route";
import * as projects from "@/app/api/projects/route";
import { db } from "@/lib/db";
import { params, RouteClient } from "@/tests/support/route-client";

const newUser = async () => {
  const client = new RouteClient();
  const email = `p-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await client.call(signup.POST, "/api/auth/signup", { body: { name: "Owner", email, password: "password1" } });
  return client;
};

describe("public endpoints", () => {
  it("GET /api/health checks the database", async () => {
    const res = await new RouteClient().call(health.GET, "/api/health");
    expect(res).toMatchObject({ status: 200, json: { status: "ok" } });
  });

  it("GET /api/plans lists the seeded plans in order, with Stripe price ids for paid ones", async () => {
    const res = await new RouteClient().call(plans.GET, "/api/plans");
    const list = res.json.plans as { id: string; priceCents: number }[];
    expect(list.map((p) => p.id)).toEqual(["free", "pro", "team"]);
    expect(list[1]!.priceCents).toBeGreaterThan(0);
  });
});

describe("projects", () => {
  let owner: RouteClient;
  beforeEach(async () => {
    owner = await newUser();
  });

  it("needs a session", async () => {
    expect((await new RouteClient().call(projects.GET, "/api/projects")).status).toBe(401);
    expect((await new RouteClient().call(projects.POST, "/api/projects", { body: { name: "x" } })).status).toBe(401);
  });

  it("creates, lists and deletes the user's own projects", async () => {
    const created = await owner.call(projects.POST, "/api/projects", { body: { name: "  Apollo ", description: "Moon" } });
    expect(created.status).toBe(201);
    const project = created.json.project as { id: string; name: string };
    expect(project.name).toBe("Apollo");
    expect(((await owner.call(projects.GET, "/api/projects")).json.projects as { id: string }[]).map((p) => p.id)).toEqual([project.id]);

    const del = await owner.call(projectById.DELETE, `/api/projects/${project.id}`, { method: "DELETE" }, params({ id: project.id }));
    expect(del.status).toBe(200);
    expect(await db.project.findUnique({ where: { id: project.id } })).toBeNull();
    const again = await owner.call(projectById.DELETE, `/api/projects/${project.id}`, { method: "DELETE" }, params({ id: project.id }));
    expect(again.status).toBe(404);
  });

  it("never lets one user delete another's project", async () => {
    const created = await owner.call(projects.POST, "/api/projects", { body: { name: "Mine" } });
    const id = (created.json.project as { id: string }).id;
    const intruder = await newUser();
    const res = await intruder.call(projectById.DELETE, `/api/projects/${id}`, { method: "DELETE" }, params({ id }));
    expect(res.status).toBe(404);
    expect(await db.project.findUnique({ where: { id } })).not.toBeNull();
  });

  it("rejects bad input with field messages and writes nothing", async () => {
    const before = await db.project.count();
    const res = await owner.call(projects.POST, "/api/projects", { body: { name: "", description: "d".repeat(501) } });
    expect(res.status).toBe(400);
    expect(res.json.fields).toEqual({ name: ["Name is required."], description: ["Description is too long."] });
    const badId = await owner.call(projectById.DELETE, "/api/projects/..%2F..", { method: "DELETE" }, params({ id: "../.." }));
    expect(badId.status).toBe(400);
    expect(await db.project.count()).toBe(before);
  });
});
