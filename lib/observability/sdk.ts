/**
 * A handle on the server SDK once `instrumentation.ts` has initialised it.
 * Kept on globalThis because Next compiles instrumentation and routes into separate chunks.
 * Nothing else imports @highlight-run/node: with telemetry off it is never loaded.
 */
import type { H as HighlightSdk } from "@highlight-run/next/server";

export type Highlight = typeof HighlightSdk;
const KEY = Symbol.for("saas-starter.highlight");
const slot = globalThis as Record<symbol, Highlight | undefined>;

export const setHighlight = (h: Highlight): void => void (slot[KEY] = h);
export const highlight = (): Highlight | undefined => slot[KEY];
