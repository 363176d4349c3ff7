/**
 * The app's logger: winston, writing JSON to the console and shipping every record
 * to Highlight with the current request's session id, request id, trace id and span id.
 */
import winston from "winston";
import Transport from "winston-transport";
import { trace } from "@opentelemetry/api";
import { requestContext } from "@/lib/observability/context";
import { highlight } from "@/lib/observability/sdk";
import { env } from "@/lib/env";

/** winston levels → OpenTelemetry severity text that Highlight understands. */
export const HIGHLIGHT_LEVELS: Record<string, string> = {
  silly: "trace",
  debug: "debug",
  verbose: "debug",
  info: "info",
  warn: "warn",
  error: "error",
  fatal: "fatal",
};

const levels = { fatal: 0, error: 1, warn: 2, info: 3, verbose: 4, debug: 5, silly: 6 };

type Info = winston.Logform.TransformableInfo;

/** Adds the correlation ids of the active request and span to every record. */
const correlate = winston.format((info) => {
  const ctx = requestContext();
  const span = trace.getActiveSpan()?.spanContext();
  if (ctx?.sessionId) info.sessionId = ctx.sessionId;
  if (ctx?.requestId) info.requestId = ctx.requestId;
  if (span) Object.assign(info, { traceId: span.traceId, spanId: span.spanId });
  return info;
});

const OWN_KEYS = new Set(["level", "message", "sessionId", "requestId", "traceId", "spanId", "timestamp"]);

class HighlightTransport extends Transport {
  override log(info: Info, next: () => void): void {
    const h = highlight();
    if (h) {
      const attributes: Record<string, string | number | boolean> = {};
      for (const [key, value] of Object.entries(info)) {
        if (OWN_KEYS.has(key) || typeof key !== "string") continue;
        attributes[key] = typeof value === "object" ? JSON.stringify(value) : (value as string | number | boolean);
      }
      const level = HIGHLIGHT_LEVELS[String(info.level)] ?? "info";
      // H.log reads the active span for trace/span ids; the session id must be passed.
      h.log(String(info.message), level, info.sessionId as string | undefined, info.requestId as string | undefined, attributes);
    }
    next();
  }
}

export const logger = winston.createLogger({
  levels,
  level: env().LOG_LEVEL,
  format: winston.format.combine(correlate(), winston.format.timestamp(), winston.format.json()),
  transports: [
    new winston.transports.Console({ silent: process.env.NODE_ENV === "test" && !process.env.LOG_TO_CONSOLE }),
    new HighlightTransport(),
  ],
}) as winston.Logger & Record<keyof typeof levels, winston.LeveledLogMethod>;
