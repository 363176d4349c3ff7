/**
 * The request a piece of server work belongs to: its browser session, request id, sampling
 * decision and innermost open span, carried through async calls by one AsyncLocalStorage.
 * Spans nest through it rather than a global OpenTelemetry context manager, which would switch
 * on Next.js's tracing of every request (see server/pipeline.ts).
 */
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Span } from "@opentelemetry/api";

export type RequestScope = {
  sessionId?: string;
  requestId: string;
  /** Traced in full; an unsampled request records only its errors. */
  sampled: boolean;
  /** The innermost open span (the request span, or a withSpan inside it). */
  span?: Span;
};

const KEY = Symbol.for("highlight-starter.request-scope");
// One store per process, even when Next bundles this module into several chunks.
const store: AsyncLocalStorage<RequestScope> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<RequestScope>()) as AsyncLocalStorage<RequestScope>;

export const requestScope = (): RequestScope | undefined => store.getStore();
export const runInScope = <T>(scope: RequestScope, fn: () => T): T => store.run(scope, fn);

/** The current request's id (echoed to users as a reference), if any. */
export const currentRequestId = (): string | undefined => store.getStore()?.requestId;
