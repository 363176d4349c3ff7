import { NextResponse } from "next/server";
import { reserveSignIn, signInSucceeded } from "@/lib/auth/rate-limit";
import { createSession, setSessionCookie } from "@/lib/auth/session";
import { clientIp } from "@/lib/client-ip";
import { apiRoute, jsonError, readJson, tooManyAttempts } from "@/lib/http";
import { logger } from "@/lib/observability/server/logger";
import { authenticate } from "@/lib/services/users";
import { signInSchema } from "@/lib/validation";

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, signInSchema);
  if (!body.ok) return body.response;
  const { email, password } = body.data;

  // The attempt is counted before the password is checked: concurrent guesses cannot race past the limit.
  const address = clientIp(req);
  const retryAfter = await reserveSignIn(email, address);
  if (retryAfter > 0) {
    logger.warn("sign-in rate limited", { retryAfter });
    return tooManyAttempts(retryAfter);
  }

  const user = await authenticate(email, password);
  if (!user) return jsonError(401, "Incorrect email or password.");
  await signInSucceeded(email, address);
  const session = await createSession(user.id);
  const response = NextResponse.json({ user });
  setSessionCookie(response, session.cookieValue, session.expiresAt);
  return response;
});
