/**
 * The app's logger: winston, writing JSON to the console and shipping every record as OTLP
 * (server/log-recorder.ts) with the request's session id, request id, trace id and span id.
 * No stack trace is captured per record (Highlight's H.log captures one on every call: ~58 % of
 * each record's bytes); error records carry the error's own stack when one is logged.
 * An unsampled request ships only its error records.
 */
import "server-only";
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import winston from "winston";
import Transport from "winston-transport";
import { env } from "@/lib/env";
import { requestScope } from "@/lib/observability/server/context";
import { telemetry } from "@/lib/observability/server/pipeline";
import { correlationAttributes } from "@/lib/observability/server/tracing";

/** winston levels → OpenTelemetry severity (text as Highlight shows it). */
export const SEVERITY: Record<string, { text: string; number: SeverityNumber }> = {
  silly: { text: "trace", number: SeverityNumber.TRACE },
  debug: { text: "debug", number: SeverityNumber.DEBUG },
  verbose: { text: "debug", number: SeverityNumber.DEBUG },
  info: { text: "info", number: SeverityNumber.INFO },
  warn: { text: "warn", number: SeverityNumber.WARN },
  error: { text: "error", number: SeverityNumber.ERROR },
  fatal: { text: "fatal", number: SeverityNumber.FATAL },
};

const levels = { fatal: 0, error: 1, warn: 2, info: 3, verbose: 4, debug: 5, silly: 6 };

type Info = winston.Logform.TransformableInfo;

/** Adds the correlation ids of the active request and span to every console record. */
const correlate = winston.format((info) => {
  const scope = requestScope();
  if (scope?.sessionId) info.sessionId = scope.sessionId;
  if (scope?.requestId) info.requestId = scope.requestId;
  const span = scope?.span?.spanContext();
  if (span && scope?.sampled) {
    info.traceId = span.traceId;
    info.spanId = span.spanId;
  }
  return info;
});

const OWN_KEYS = new Set(["level", "message", "sessionId", "requestId", "traceId", "spanId", "timestamp"]);

class OtlpTransport extends Transport {
  override log(info: Info, next: () => void): void {
    const pipeline = telemetry();
    const severity = SEVERITY[String(info.level)] ?? SEVERITY.info!;
    const scope = requestScope();
    if (pipeline && (scope?.sampled !== false || severity.number >= SeverityNumber.ERROR)) {
      const attributes: Attributes = {};
      for (const key in info) {
        if (OWN_KEYS.has(key)) continue;
        const value: unknown = info[key];
        attributes[key] = typeof value === "object" ? JSON.stringify(value) : (value as AttributeValue);
      }
      pipeline.logger.emitInSpan(
        { severityNumber: severity.number, severityText: severity.text, body: String(info.message), attributes: correlationAttributes(scope, attributes) },
        scope?.span?.spanContext(), // the span the record belongs to, for its trace and span ids
      );
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
    new OtlpTransport(),
  ],
}) as winston.Logger & Record<keyof typeof levels, winston.LeveledLogMethod>;
