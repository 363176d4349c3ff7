/**
 * Starts server telemetry. Called once per server process from instrumentation.ts `register()`;
 * with telemetry off (empty project id) nothing is created and every wrapper is a pass-through.
 */
import "server-only";
import { env } from "@/lib/env";
import { serverObservability } from "@/lib/observability/server/config";
import { createPipeline, registerGlobally, setTelemetry, telemetry } from "@/lib/observability/server/pipeline";

export async function startServerObservability(): Promise<void> {
  const config = serverObservability(env());
  if (!config.enabled || telemetry()) return;
  if (config.environment === "production" && config.usingLocalDefault) {
    console.warn(
      `telemetry: HIGHLIGHT_OTLP_ENDPOINT is not set, so server telemetry goes to the local receiver (${config.otlpEndpoint}). ` +
        "Set a destination (README, 'Where telemetry goes') or NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID= to turn telemetry off.",
    );
  }
  const pipeline = createPipeline(config);
  if (config.detail === "full") await registerGlobally(pipeline);
  setTelemetry(pipeline);
}
