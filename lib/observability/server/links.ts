/**
 * Links into the telemetry destination's UI (the local inspector, self-hosted Highlight,
 * LaunchDarkly): TELEMETRY_LINK_TEMPLATE with {kind} ("traces" or "sessions") and {id}.
 */
import "server-only";
import { env } from "@/lib/env";

export type TelemetryKind = "traces" | "sessions";

/** The UI's page for a trace or a session; null when no destination UI is configured. */
export function telemetryLink(kind: TelemetryKind, id: string | null | undefined, template = env().TELEMETRY_LINK_TEMPLATE): string | null {
  if (!template || !id) return null;
  return template.replaceAll("{kind}", kind).replaceAll("{id}", encodeURIComponent(id));
}
