/**
 * Teams: roles checked in the services, for the REST API and the server actions alike; nobody
 * reaches another team's data; invitations work once, for their address, until they expire.
 * Server actions run as Next runs them, with next/headers answering from this test's cookie jar.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const jar = vi.hoisted(() => ({ cookie: "" }));
vi.mock("next/headers", () => {
  const parse = () => new Map(jar.cookie.split("; ").filter(Boolean).map((pair) => pair.split("=", 2) as [string, string]));
  return {
    cookies: async () => ({
      get: (name: string) => (parse().has(name) ? { name, value: parse().get(name)! } : undefined),
      delete: () => {},
    }),
    headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", host: "localhost:3000" }),
  };
});

import { changeRoleAction, removeMemberAction, revokeInvitationAction } from "@/app/(app)/team/actions";
import { createProjectAction, deleteProjectAction } from "@/app/(app)/dashboard/actions";
import * as activity from "@/app/api/activity/route";
import * as signup from "@/app/api/auth/signup/route";
import * as checkout from "@/app/api/billing/checkout/route";
import * as portal from "@/app/api/billing/portal/route";
import * as projectById from "@/app/api/projects/[id]/route";
import * as projects from "@/app/api/projects/route";
import * as subscriptions from "@/app/api/subscriptions/route";
import * as invitations from "@/app/api/team/invitations/route";
import * as member from "@/app/api/team/members/[userId]/route";
import * as team from "@/app/api/team/route";
import { db } from "@/lib/db";
import { acceptInvitation } from "@/lib/services/teams";
import { params, RouteClient } from "@/tests/support/route-client";

type Person = { client: RouteClient; id: string; email: string };

async function signUp(name: string): Promise<Person> {
  const client = new RouteClient();
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await client.call(signup.POST, "/api/auth/signup", { body: { name, email, password: "password1" } });
  return { client, id: (res.json.user as { id: string }).id, email };
}

async function invite(owner: Person, email: string, role = "member") {
  const res = await owner.client.call(invitations.POST, "/api/team/invitations", { body: { email, role } });
  return { ...res, token: String(res.json.url ?? "").split("/invite/")[1] ?? "" };
}

/** Runs `fn` as `person` would from the browser: their session cookie on the action's request. */
async function asUser<T>(person: Person, fn: () => Promise<T>): Promise<T> {
  jar.cookie = person.client.cookie ?? "";
  try {
    return await fn();
  } finally {
    jar.cookie = "";
  }
}

let owner: Person;
let joiner: Person;
let outsider: Person;

beforeEach(async () => {
  [owner, joiner, outsider] = await Promise.all([signUp("Olive"), signUp("Mia"), signUp("Oscar")]);
  const { token } = await invite(owner, joiner.email);
  await acceptInvitation(joiner, token);
});

describe("sign-up and invitations", () => {
  it("every new user owns a team of their own; an accepted invitation joins the owner's team as member", async () => {
    const mine = await outsider.client.call(team.GET, "/api/team");
    expect(mine.json.team).toMatchObject({ role: "owner", name: "Oscar's team", members: [{ email: outsider.email, role: "owner" }] });
    const joined = await joiner.client.call(team.GET, "/api/team");
    expect(joined.json.team).toMatchObject({ role: "member", name: "Olive's team" });
    expect((joined.json.team as { members: unknown[]; teams: unknown[] }).members).toHaveLength(2);
    expect((joined.json.team as { teams: unknown[] }).teams).toHaveLength(2); // still in their own team too
    expect((joined.json.team as { invitations: unknown[] }).invitations).toEqual([]); // members do not see invitations
  });

  it("an invitation works once, only for its address, and not after it expires", async () => {
    const { token, status } = await invite(owner, "someone-else@example.com");
    expect(status).toBe(201);
    await expect(acceptInvitation(outsider, token)).rejects.toMatchObject({ failure: "wrong_account" });
    const second = await invite(owner, outsider.email);
    const [a, b] = await Promise.allSettled([acceptInvitation(outsider, second.token), acceptInvitation(outsider, second.token)]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.membership.count({ where: { userId: outsider.id, team: { memberships: { some: { userId: owner.id } } } } })).toBe(1);

    const late = await invite(owner, "late@example.com");
    await db.invitation.updateMany({ where: { email: "late@example.com" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const lateUser = { id: outsider.id, email: "late@example.com" };
    await expect(acceptInvitation(lateUser, late.token)).rejects.toMatchObject({ failure: "invalid_invitation" });
  });

  it("rejects bad input with field messages and writes nothing", async () => {
    const before = await db.invitation.count();
    const bad = await owner.client.call(invitations.POST, "/api/team/invitations", { body: { email: "not-an-email", role: "admin" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.fields as object).sort()).toEqual(["email", "role"]);
    expect((await owner.client.call(invitations.POST, "/api/team/invitations", { body: { email: joiner.email } })).status).toBe(409);
    expect(await db.invitation.count()).toBe(before);
  });
});

describe("a member cannot do an owner's action", () => {
  it("through the REST API: 403 and nothing changes", async () => {
    const c = joiner.client;
    const refused = [
      await c.call(invitations.POST, "/api/team/invitations", { body: { email: "x@example.com" } }),
      await c.call(member.DELETE, `/api/team/members/${owner.id}`, { method: "DELETE" }, params({ userId: owner.id })),
      await c.call(member.PATCH, `/api/team/members/${joiner.id}`, { method: "PATCH", body: { role: "owner" } }, params({ userId: joiner.id })),
      await c.call(subscriptions.POST, "/api/subscriptions", { body: { planId: "pro" } }),
      await c.call(subscriptions.DELETE, "/api/subscriptions", { method: "DELETE" }),
      await c.call(checkout.POST, "/api/billing/checkout", { body: { planId: "pro" } }),
      await c.call(portal.POST, "/api/billing/portal", { body: {} }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(refused[0]!.json.error).toMatch(/owner/);
    const roles = await db.membership.findMany({ where: { userId: { in: [owner.id, joiner.id] }, team: { memberships: { some: { userId: owner.id } } } } });
    expect(roles.map((m) => m.role).sort()).toEqual(["member", "owner"]);
    expect(await db.invitation.count({ where: { email: "x@example.com" } })).toBe(0);
    expect(await db.subscription.count({ where: { team: { memberships: { some: { userId: owner.id } } } } })).toBe(0);
  });

  it("through the server actions: refused with the reason, and nothing changes", async () => {
    const pending = await invite(owner, "y@example.com");
    const invitationId = (pending.json.invitation as { id: string }).id;
    const revoked = await asUser(joiner, () => revokeInvitationAction({ id: invitationId }));
    const removed = await asUser(joiner, () => removeMemberAction({ userId: owner.id }));
    const promoted = await asUser(joiner, () => changeRoleAction({ userId: joiner.id, role: "owner" }));
    for (const result of [revoked, removed, promoted]) expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db.invitation.count({ where: { id: invitationId } })).toBe(1);
    expect(await db.membership.count({ where: { userId: joiner.id, role: "owner", team: { memberships: { some: { userId: owner.id } } } } })).toBe(0);
    // The owner's own call through the same action goes through.
    expect(await asUser(owner, () => revokeInvitationAction({ id: invitationId }))).toMatchObject({ ok: true });
    expect(await db.invitation.count({ where: { id: invitationId } })).toBe(0);
  });

  it("members work on the team's projects, through the API and the actions", async () => {
    const made = await asUser(joiner, () => createProjectAction({ name: "Shared", description: "" }));
    expect(made.ok).toBe(true);
    const listed = await owner.client.call(projects.GET, "/api/projects");
    expect((listed.json.projects as { name: string }[]).map((p) => p.name)).toContain("Shared");
    const id = (made as { data: { id: string } }).data.id;
    expect(await asUser(joiner, () => deleteProjectAction({ id }))).toMatchObject({ ok: true });
  });
});

describe("nobody reaches another team's data", () => {
  it("projects, members and the activity log stay inside the team", async () => {
    const created = await owner.client.call(projects.POST, "/api/projects", { body: { name: "Secret plan" } });
    const id = (created.json.project as { id: string }).id;

    const theirs = await outsider.client.call(projects.GET, "/api/projects");
    expect((theirs.json.projects as { id: string }[]).map((p) => p.id)).not.toContain(id);
    expect((await outsider.client.call(projectById.DELETE, `/api/projects/${id}`, { method: "DELETE" }, params({ id }))).status).toBe(404);
    expect(await asUser(outsider, () => deleteProjectAction({ id }))).toMatchObject({ ok: false, code: "not_found" });
    expect(await db.project.findUnique({ where: { id } })).not.toBeNull();

    // An owner elsewhere cannot touch this team's members.
    const remove = await outsider.client.call(member.DELETE, `/api/team/members/${joiner.id}`, { method: "DELETE" }, params({ userId: joiner.id }));
    expect(remove.status).toBe(404);
    expect(await asUser(outsider, () => removeMemberAction({ userId: joiner.id }))).toMatchObject({ ok: false, code: "not_found" });

    const log = await outsider.client.call(activity.GET, "/api/activity");
    expect(JSON.stringify(log.json)).not.toContain("Secret plan");
    const ownLog = await owner.client.call(activity.GET, "/api/activity");
    expect(JSON.stringify(ownLog.json)).toContain("Secret plan");
  });
});

describe("owners", () => {
  it("a team always keeps an owner, also when two owners demote each other at once", async () => {
    const alone = await owner.client.call(member.PATCH, `/api/team/members/${owner.id}`, { method: "PATCH", body: { role: "member" } }, params({ userId: owner.id }));
    expect(alone.status).toBe(409);
    const promote = await owner.client.call(member.PATCH, `/api/team/members/${joiner.id}`, { method: "PATCH", body: { role: "owner" } }, params({ userId: joiner.id }));
    expect(promote.status).toBe(200);
    // Both owners now; each demotes the other at the same moment: one wins, the other is refused.
    const [a, b] = await Promise.all([
      owner.client.call(member.PATCH, `/api/team/members/${joiner.id}`, { method: "PATCH", body: { role: "member" } }, params({ userId: joiner.id })),
      joiner.client.call(member.PATCH, `/api/team/members/${owner.id}`, { method: "PATCH", body: { role: "member" } }, params({ userId: owner.id })),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]); // demoted first (403), or would leave no owner (409)
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: owner.id, role: { in: ["owner", "member"] }, team: { name: "Olive's team" } } })).teamId;
    expect(await db.membership.count({ where: { teamId, role: "owner" } })).toBe(1);
  });

  it("removing a member leaves them a team of their own, and records who did it", async () => {
    const res = await owner.client.call(member.DELETE, `/api/team/members/${joiner.id}`, { method: "DELETE" }, params({ userId: joiner.id }));
    expect(res.status).toBe(200);
    const theirs = await joiner.client.call(team.GET, "/api/team");
    expect(theirs.json.team).toMatchObject({ name: "Mia's team", role: "owner" });
    const log = await owner.client.call(activity.GET, "/api/activity");
    const entries = log.json.activity as { action: string; actor: string; detail: string; ipAddress: string | null }[];
    expect(entries[0]).toMatchObject({ action: "remove_member", actor: "Olive", detail: joiner.email });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["sign_up", "invite_member", "accept_invitation", "remove_member"]));
  });
});
