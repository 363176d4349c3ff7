/**
 * The link in an invitation. The token moves into a short-lived httpOnly cookie and the browser
 * goes on to /invite, so the page that is recorded (session replay, history, Referer) never holds
 * the token; the request's span is named by the route template, not the path.
 */
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { INVITATION_COOKIE } from "@/lib/invitation-cookie";
import { withHighlight } from "@/lib/observability/server/route";
import { invitationTokenSchema } from "@/lib/validation";

export const GET = withHighlight<{ params: Promise<{ token: string }> }>(async (req: NextRequest, { params }) => {
  const response = NextResponse.redirect(new URL("/invite", req.url), 303);
  const token = invitationTokenSchema.safeParse((await params).token);
  if (token.success) {
    response.cookies.set(INVITATION_COOKIE, token.data, {
      httpOnly: true,
      sameSite: "lax",
      secure: env().NODE_ENV === "production",
      path: "/",
      maxAge: 60 * 60,
    });
  }
  response.headers.set("referrer-policy", "no-referrer");
  return response;
}, { route: "/invite/[token]" }); // the token never reaches a span or a log
