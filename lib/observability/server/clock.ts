/** Span and log timestamps: epoch milliseconds with sub-millisecond precision, as OTLP's HrTime. */
import { performance } from "node:perf_hooks";
import type { HrTime, TimeInput } from "@opentelemetry/api";

export const nowMs = (): number => performance.timeOrigin + performance.now();

export function toHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** A TimeInput as epoch ms (numbers are epoch ms, as the OpenTelemetry API documents); now when absent. */
export function inputToMs(time: TimeInput | undefined): number {
  if (time === undefined) return nowMs();
  if (typeof time === "number") return time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}
