// @ts-check
/** Decoding what Highlight SDKs send: gzip bodies, base64-gzip fields, JSON inside strings, OTLP JSON (protobuf: otlp-protobuf.mjs). */
import { gunzipSync } from "node:zlib";

/** Most bytes a gzip body or field may inflate to: a small bomb must not take the process's memory. */
export const MAX_DECODED_BYTES = 32 * 1024 * 1024;
/** Deepest nesting kept: deeper JSON is refused, so storing and reading it cannot overflow the stack. */
export const MAX_DEPTH = 64;

export class DecodeError extends Error {
  /** @param {string} message @param {number} status */
  constructor(message, status = 400) {
    super(message);
    this.status = status;
  }
}

/** @param {Buffer} bytes */
function gunzipLimited(bytes) {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (error) {
    if (error instanceof RangeError || /** @type {{ code?: string }} */ (error).code === "ERR_BUFFER_TOO_LARGE") {
      throw new DecodeError(`body inflates past ${MAX_DECODED_BYTES} bytes`, 413);
    }
    throw new DecodeError("body is not valid gzip");
  }
}

/** Request body bytes, inflated when Content-Encoding is gzip (or the bytes are). */
export function bodyBytes(/** @type {Buffer} */ raw, /** @type {string | undefined} */ encoding) {
  return encoding?.includes("gzip") || (raw[0] === 0x1f && raw[1] === 0x8b) ? gunzipLimited(raw) : raw;
}

/** Request body bytes → text, honouring Content-Encoding: gzip. */
export function bodyText(/** @type {Buffer} */ raw, /** @type {string | undefined} */ encoding) {
  return bodyBytes(raw, encoding).toString("utf8");
}

/** True when `value` nests deeper than `max` (checked without recursion, so it cannot overflow itself). */
export function tooDeep(/** @type {unknown} */ value, max = MAX_DEPTH) {
  /** @type {[unknown, number][]} */
  const stack = [[value, 0]];
  while (stack.length) {
    const [current, depth] = /** @type {[unknown, number]} */ (stack.pop());
    if (!current || typeof current !== "object") continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) if (child && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** JSON.parse with the nesting limit: a DecodeError (400) for bad or too-deep JSON. */
export function parseJson(/** @type {string} */ text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DecodeError(error instanceof RangeError ? `JSON nests deeper than ${MAX_DEPTH} levels` : "body is not valid JSON");
  }
  if (tooDeep(value)) throw new DecodeError(`JSON nests deeper than ${MAX_DEPTH} levels`);
  return value;
}

/**
 * Recursively unpacks values the browser SDK nests: base64 of gzip ("H4sI…") and JSON
 * serialised into strings (e.g. PushPayload's `resources`, `messages`).
 * @param {unknown} value
 * @returns {unknown}
 */
export function deepDecode(value, depth = 0) {
  if (depth > 8) return value;
  if (typeof value === "string") {
    if (value.startsWith("H4sI")) {
      try {
        return deepDecode(gunzipLimited(Buffer.from(value, "base64")).toString("utf8"), depth + 1);
      } catch (error) {
        if (error instanceof DecodeError && error.status === 413) throw error;
        return value;
      }
    }
    const first = value.trimStart()[0];
    if ((first === "{" || first === "[") && value.length > 1) {
      try {
        return deepDecode(parseJson(value), depth + 1);
      } catch (error) {
        if (error instanceof DecodeError && /deeper/.test(error.message)) throw error;
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => deepDecode(item, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepDecode(item, depth + 1)]));
  }
  return value;
}

/** OTLP/JSON ids are hex, but some exporters send base64: normalise to lowercase hex. */
function hexId(/** @type {unknown} */ id) {
  if (typeof id !== "string" || id === "") return undefined;
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, "base64").toString("hex");
}

/** @param {any} value an OTLP AnyValue */
function anyValue(value) {
  if (!value || typeof value !== "object") return value;
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if ("arrayValue" in value) return (value.arrayValue.values ?? []).map(anyValue);
  if ("kvlistValue" in value) return attributes(value.kvlistValue.values);
  if ("bytesValue" in value) return value.bytesValue;
  return undefined;
}

/** @param {any[] | undefined} list OTLP KeyValue[] → plain object */
export function attributes(list) {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
}

const nanosToMs = (/** @type {unknown} */ nanos) => (nanos == null ? undefined : Number(BigInt(String(nanos)) / 1_000_000n));

/** ExportTraceServiceRequest (JSON) → one flat record per span. */
export function flattenSpans(/** @type {any} */ body) {
  return (body.resourceSpans ?? []).flatMap((/** @type {any} */ rs) => {
    const resource = attributes(rs.resource?.attributes);
    return (rs.scopeSpans ?? []).flatMap((/** @type {any} */ ss) =>
      (ss.spans ?? []).map((/** @type {any} */ span) => ({
        traceId: hexId(span.traceId),
        spanId: hexId(span.spanId),
        parentSpanId: hexId(span.parentSpanId),
        name: span.name,
        kind: span.kind,
        startMs: nanosToMs(span.startTimeUnixNano),
        endMs: nanosToMs(span.endTimeUnixNano),
        status: { code: span.status?.code ?? 0, message: span.status?.message },
        attributes: attributes(span.attributes),
        events: (span.events ?? []).map((/** @type {any} */ event) => ({ name: event.name, attributes: attributes(event.attributes) })),
        links: (span.links ?? []).map((/** @type {any} */ link) => ({
          traceId: hexId(link.traceId),
          spanId: hexId(link.spanId),
          attributes: attributes(link.attributes),
        })),
        serviceName: resource["service.name"],
        resource,
        scope: ss.scope?.name,
      })),
    );
  });
}

/** ExportLogsServiceRequest (JSON) → one flat record per log line. */
export function flattenLogs(/** @type {any} */ body) {
  return (body.resourceLogs ?? []).flatMap((/** @type {any} */ rl) => {
    const resource = attributes(rl.resource?.attributes);
    return (rl.scopeLogs ?? []).flatMap((/** @type {any} */ sl) =>
      (sl.logRecords ?? []).map((/** @type {any} */ log) => ({
        traceId: hexId(log.traceId),
        spanId: hexId(log.spanId),
        timeMs: nanosToMs(log.timeUnixNano ?? log.observedTimeUnixNano),
        severity: log.severityText,
        body: anyValue(log.body),
        attributes: attributes(log.attributes),
        serviceName: resource["service.name"],
        resource,
      })),
    );
  });
}
