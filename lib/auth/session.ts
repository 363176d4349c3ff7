/**
 * Sessions: a random token in a signed, httpOnly, SameSite=Lax cookie; the
 * database keeps only the token's SHA-256, so a leaked database cannot sign anyone in,
 * and signing out really revokes the session.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

import { SESSION_COOKIE } from "@/lib/auth/session-cookie";

export { SESSION_COOKIE };
const SESSION_DAYS = 30;

export type Role = "owner" | "member";

/** The signed-in user and the team they are working in (their current one, else their oldest). */
export type SessionUser = { id: string; email: string; name: string; teamId: string; teamName: string; role: Role };

const sign = (token: string) => createHmac("sha256", env().AUTH_SECRET).update(token).digest("base64url");
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token inside a cookie value, or null when the signature does not match. */
export function unsignToken(cookieValue: string | undefined): string | null {
  const [token, signature] = cookieValue?.split(".") ?? [];
  if (!token || !signature) return null;
  const expected = Buffer.from(sign(token));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? token : null;
}

export async function createSession(userId: string): Promise<{ cookieValue: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000);
  await db.session.create({ data: { id: hashToken(token), userId, expiresAt } });
  return { cookieValue: `${token}.${sign(token)}`, expiresAt };
}

export async function userFromSessionCookie(cookieValue: string | undefined): Promise<SessionUser | null> {
  const token = unsignToken(cookieValue);
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    select: {
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          currentTeamId: true,
          memberships: { select: { role: true, team: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!session || session.expiresAt.getTime() < Date.now()) return null;
  const { memberships, currentTeamId, ...user } = session.user;
  const membership = memberships.find((m) => m.team.id === currentTeamId) ?? memberships[0];
  if (!membership) return null; // removed from every team: nothing to work in
  return { ...user, teamId: membership.team.id, teamName: membership.team.name, role: membership.role === "owner" ? "owner" : "member" };
}

export async function deleteSession(cookieValue: string | undefined): Promise<void> {
  const token = unsignToken(cookieValue);
  if (token) await db.session.deleteMany({ where: { id: hashToken(token) } });
}

export function setSessionCookie(response: NextResponse, cookieValue: string, expiresAt: Date): void {
  response.cookies.set(SESSION_COOKIE, cookieValue, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
}
