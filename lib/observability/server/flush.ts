/**
 * Serverless platforms (Vercel, AWS Lambda, Netlify) may freeze a function as soon as it has
 * answered, with the request's spans and logs still queued for the next export (every 2 s), and a
 * frozen function may never run again. With HIGHLIGHT_SERVERLESS on, every request hands an
 * export to Next's `after()`: it runs once the response is sent, the platform waits for it
 * (`waitUntil` on Vercel), and it is bounded by FLUSH_TIMEOUT_MS so a slow backend cannot keep
 * the function running.
 */
import "server-only";
import { after } from "next/server";
import { env } from "@/lib/env";
import type { Pipeline } from "@/lib/observability/server/pipeline";

export const FLUSH_TIMEOUT_MS = 3_000;

/** Serverless hosts whose functions may freeze after the response, recognised by an env var they set. */
const SERVERLESS_PLATFORMS = ["VERCEL", "AWS_LAMBDA_FUNCTION_NAME", "NETLIFY"];

/** HIGHLIGHT_SERVERLESS: "true", "false", or "auto" (on where a serverless platform's own env var is set). */
export function isServerless(setting: "auto" | "true" | "false", platform: Record<string, string | undefined> = process.env): boolean {
  return setting === "auto" ? SERVERLESS_PLATFORMS.some((name) => !!platform[name]) : setting === "true";
}

async function flushNow(pipeline: Pipeline, requestId: string): Promise<void> {
  const started = performance.now();
  const timeout = new Promise<"timed out">((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS, "timed out").unref());
  const outcome = await Promise.race([pipeline.flush().then((sent) => (sent ? "sent" : "failed")), timeout]);
  if (env().LOG_LEVEL === "debug") console.debug(`telemetry: flush after the response to ${requestId} ${outcome} in ${Math.round(performance.now() - started)} ms`);
}

/** Called by runRequest for every request: schedules the export for when the response has been sent. */
export function flushAfterResponse(pipeline: Pipeline, requestId: string): void {
  if (!pipeline.settings.flushAfterResponse) return;
  try {
    after(() => flushNow(pipeline, requestId));
  } catch {
    void flushNow(pipeline, requestId); // outside a request (a script calling runRequest): nothing to wait for
  }
}
