import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, userFromSessionCookie, type SessionUser } from "@/lib/auth/session";

/** The signed-in user for server components, looked up once per render. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const jar = await cookies();
  return userFromSessionCookie(jar.get(SESSION_COOKIE)?.value);
});

/** For protected pages: the user, or a redirect to sign-in that comes back here. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}
