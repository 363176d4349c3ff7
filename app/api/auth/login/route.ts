import { NextResponse } from "next/server";
import { signInLimiter } from "@/lib/auth/rate-limit";
import { createSession, setSessionCookie } from "@/lib/auth/session";
import { clientIp, jsonError, readJson } from "@/lib/http";
import { logger } from "@/lib/observability/server/logger";
import { withHighlight } from "@/lib/observability/server/route";
import { authenticate } from "@/lib/services/users";
import { signInSchema } from "@/lib/validation";

export const POST = withHighlight(async (req) => {
  const body = await readJson(req, signInSchema);
  if (!body.ok) return body.response;
  const { email, password } = body.data;

  const key = `${email}|${clientIp(req)}`;
  const retryAfter = signInLimiter.retryAfter(key);
  if (retryAfter > 0) {
    logger.warn("sign-in rate limited", { retryAfter });
    const response = jsonError(429, `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`);
    response.headers.set("Retry-After", String(retryAfter));
    return response;
  }

  const user = await authenticate(email, password);
  if (!user) {
    signInLimiter.record(key);
    return jsonError(401, "Incorrect email or password.");
  }
  signInLimiter.reset(key);
  const session = await createSession(user.id);
  logger.info("user signed in", { userId: user.id });
  const response = NextResponse.json({ user });
  setSessionCookie(response, session.cookieValue, session.expiresAt);
  return response;
});
