/**
 * Sampling by browser session: one decision per session, the same in the browser and on every
 * server instance, with no shared state. A sampled session keeps every link (replay, server
 * trace, logs); an unsampled one records nothing but its errors.
 */

/** FNV-1a, 32 bit: fast, stable across runtimes, and well spread over short random ids. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Whether the session with this id is recorded at `rate` (0 to 1). */
export function isSessionSampled(sessionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return hash(sessionId) / 0x1_0000_0000 < rate;
}
