/**
 * Server start-up (Next calls register() once per server process).
 * Validates the env first, so a bad variable stops the server with a clear message,
 * then starts server telemetry (lib/observability/server) unless it is off.
 */
import type { Instrumentation } from "next";

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env(); // throws EnvError naming each bad variable
  const { startServerObservability } = await import("@/lib/observability/server/start");
  await startServerObservability();
}

/** Errors thrown in server components, server actions and route handlers outside withHighlight. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { reportRequestError } = await import("@/lib/observability/server/request-error");
  reportRequestError(error, request, context);
};
