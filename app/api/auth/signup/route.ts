import { NextResponse } from "next/server";
import { createSession, setSessionCookie } from "@/lib/auth/session";
import { reserveSignUp } from "@/lib/auth/rate-limit";
import { clientIp } from "@/lib/client-ip";
import { apiRoute, jsonError, readJson, tooManyAttempts } from "@/lib/http";
import { logger } from "@/lib/observability/server/logger";
import { createUser, EmailTakenError } from "@/lib/services/users";
import { signUpSchema } from "@/lib/validation";

export const POST = apiRoute(async (req) => {
  const body = await readJson(req, signUpSchema);
  if (!body.ok) return body.response;
  const retryAfter = await reserveSignUp(clientIp(req));
  if (retryAfter > 0) {
    logger.warn("sign-up rate limited", { retryAfter });
    return tooManyAttempts(retryAfter);
  }
  try {
    const user = await createUser(body.data);
    const session = await createSession(user.id);
    const response = NextResponse.json({ user }, { status: 201 });
    setSessionCookie(response, session.cookieValue, session.expiresAt);
    return response;
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return jsonError(409, "An account with this email already exists.", { fields: { email: ["This email is already registered."] } });
    }
    throw error;
  }
});
