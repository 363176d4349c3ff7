/**
 * Delivers an invitation link. There is no email server in this starter: the link is shown to the
 * owner who invited and written to the server's console (never to telemetry: whoever holds the
 * link can join the team). To send real email, replace the body of `deliverInvitation` with your
 * provider's call (Resend, Postmark, SES, …); the README shows an example.
 */
import "server-only";

export type InvitationMessage = { to: string; teamName: string; invitedBy: string; url: string };

export function deliverInvitation(message: InvitationMessage): void {
  if (process.env.NODE_ENV === "test" && !process.env.LOG_TO_CONSOLE) return;
  // The console only, on purpose: the structured logger ships to the telemetry backend.
  console.info(`[invitation] to ${message.to}: ${message.invitedBy} invited you to ${message.teamName}: ${message.url}`);
}
