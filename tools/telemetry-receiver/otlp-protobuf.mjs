// @ts-check
/**
 * OTLP/protobuf request bodies (traces and logs) → the OTLP/JSON shape that decode.mjs flattens:
 * ids as lowercase hex, 64-bit integers as decimal strings, bytes as base64. Protobuf is OTLP's
 * default encoding, and the one the app's server exporter sends (lib/observability/server/otlp-http-exporter.ts).
 *
 * A table of the few messages involved (field number → name and type) drives one small decoder, after
 * opentelemetry-proto's trace.proto, logs.proto and common.proto. Unknown fields are skipped, as
 * protobuf requires; truncated or malformed input, or nesting past MAX_DEPTH, is a DecodeError (400).
 */
import { DecodeError, MAX_DEPTH } from "./decode.mjs";

/**
 * @typedef {"string" | "hex" | "bytes" | "int" | "uint" | "fixed64" | "fixed32" | "double" | "bool"} Scalar
 * @typedef {{ name: string, type: Scalar | { message: string }, repeated?: boolean }} Field
 */

/**
 * ResourceSpans/ResourceLogs and ScopeSpans/ScopeLogs differ only in what they hold (field 2).
 * @param {"resource" | "scope"} level @param {string} name @param {string} message
 * @returns {Record<number, Field>}
 */
const holding = (level, name, message) => ({
  1: level === "resource" ? { name: "resource", type: { message: "Resource" } } : { name: "scope", type: { message: "InstrumentationScope" } },
  2: { name, type: { message }, repeated: true },
  3: { name: "schemaUrl", type: "string" },
});

/** @type {Record<string, Record<number, Field>>} */
const MESSAGES = {
  ExportTraceServiceRequest: { 1: { name: "resourceSpans", type: { message: "ResourceSpans" }, repeated: true } },
  ExportLogsServiceRequest: { 1: { name: "resourceLogs", type: { message: "ResourceLogs" }, repeated: true } },
  ResourceSpans: holding("resource", "scopeSpans", "ScopeSpans"),
  ResourceLogs: holding("resource", "scopeLogs", "ScopeLogs"),
  ScopeSpans: holding("scope", "spans", "Span"),
  ScopeLogs: holding("scope", "logRecords", "LogRecord"),
  Resource: { 1: { name: "attributes", type: { message: "KeyValue" }, repeated: true }, 2: { name: "droppedAttributesCount", type: "uint" } },
  InstrumentationScope: {
    1: { name: "name", type: "string" },
    2: { name: "version", type: "string" },
    3: { name: "attributes", type: { message: "KeyValue" }, repeated: true },
  },
  Span: {
    1: { name: "traceId", type: "hex" },
    2: { name: "spanId", type: "hex" },
    3: { name: "traceState", type: "string" },
    4: { name: "parentSpanId", type: "hex" },
    5: { name: "name", type: "string" },
    6: { name: "kind", type: "uint" },
    7: { name: "startTimeUnixNano", type: "fixed64" },
    8: { name: "endTimeUnixNano", type: "fixed64" },
    9: { name: "attributes", type: { message: "KeyValue" }, repeated: true },
    10: { name: "droppedAttributesCount", type: "uint" },
    11: { name: "events", type: { message: "Event" }, repeated: true },
    12: { name: "droppedEventsCount", type: "uint" },
    13: { name: "links", type: { message: "Link" }, repeated: true },
    14: { name: "droppedLinksCount", type: "uint" },
    15: { name: "status", type: { message: "Status" } },
    16: { name: "flags", type: "fixed32" },
  },
  Event: {
    1: { name: "timeUnixNano", type: "fixed64" },
    2: { name: "name", type: "string" },
    3: { name: "attributes", type: { message: "KeyValue" }, repeated: true },
    4: { name: "droppedAttributesCount", type: "uint" },
  },
  Link: {
    1: { name: "traceId", type: "hex" },
    2: { name: "spanId", type: "hex" },
    3: { name: "traceState", type: "string" },
    4: { name: "attributes", type: { message: "KeyValue" }, repeated: true },
    5: { name: "droppedAttributesCount", type: "uint" },
    6: { name: "flags", type: "fixed32" },
  },
  Status: { 2: { name: "message", type: "string" }, 3: { name: "code", type: "uint" } },
  LogRecord: {
    1: { name: "timeUnixNano", type: "fixed64" },
    2: { name: "severityNumber", type: "uint" },
    3: { name: "severityText", type: "string" },
    5: { name: "body", type: { message: "AnyValue" } },
    6: { name: "attributes", type: { message: "KeyValue" }, repeated: true },
    7: { name: "droppedAttributesCount", type: "uint" },
    8: { name: "flags", type: "fixed32" },
    9: { name: "traceId", type: "hex" },
    10: { name: "spanId", type: "hex" },
    11: { name: "observedTimeUnixNano", type: "fixed64" },
    12: { name: "eventName", type: "string" },
  },
  KeyValue: { 1: { name: "key", type: "string" }, 2: { name: "value", type: { message: "AnyValue" } } },
  AnyValue: {
    1: { name: "stringValue", type: "string" },
    2: { name: "boolValue", type: "bool" },
    3: { name: "intValue", type: "int" },
    4: { name: "doubleValue", type: "double" },
    5: { name: "arrayValue", type: { message: "ArrayValue" } },
    6: { name: "kvlistValue", type: { message: "KeyValueList" } },
    7: { name: "bytesValue", type: "bytes" },
  },
  ArrayValue: { 1: { name: "values", type: { message: "AnyValue" }, repeated: true } },
  KeyValueList: { 1: { name: "values", type: { message: "KeyValue" }, repeated: true } },
};

const ROOTS = { "/v1/traces": "ExportTraceServiceRequest", "/v1/logs": "ExportLogsServiceRequest" };

/** The request of an OTLP path decoded to its JSON shape, or undefined for a path not decoded (metrics). */
export function decodeOtlpProtobuf(/** @type {string} */ pathname, /** @type {Buffer} */ bytes) {
  const root = ROOTS[/** @type {keyof typeof ROOTS} */ (pathname)];
  return root ? decodeMessage(bytes, 0, bytes.length, root, 0) : undefined;
}

const truncated = () => new DecodeError("body is not valid OTLP protobuf");

/** @param {Buffer} buf @param {{ pos: number }} at @param {number} end */
function varint(buf, at, end) {
  let value = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (at.pos >= end) throw truncated();
    const byte = buf[at.pos++];
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return value;
  }
  throw truncated();
}

/**
 * @param {Buffer} buf @param {number} start @param {number} end @param {string} type @param {number} depth
 * @returns {Record<string, unknown>}
 */
function decodeMessage(buf, start, end, type, depth) {
  if (depth > MAX_DEPTH) throw new DecodeError(`protobuf nests deeper than ${MAX_DEPTH} levels`);
  const fields = MESSAGES[type];
  /** @type {Record<string, any>} */
  const out = {};
  const at = { pos: start };
  while (at.pos < end) {
    const key = Number(varint(buf, at, end));
    const number = key >>> 3;
    const wire = key & 7;
    /** @type {Buffer | bigint | number} */
    let raw;
    if (wire === 0) raw = varint(buf, at, end);
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at.pos + size > end) throw truncated();
      raw = wire === 1 ? buf.readBigUInt64LE(at.pos) : buf.readUInt32LE(at.pos);
      at.pos += size;
    } else if (wire === 2) {
      const length = Number(varint(buf, at, end));
      if (at.pos + length > end) throw truncated();
      raw = buf.subarray(at.pos, at.pos + length);
      at.pos += length;
    } else throw truncated(); // groups (3, 4) are not used by OTLP

    const field = fields[number];
    if (!field) continue;
    const value = fieldValue(field, raw, buf, depth);
    if (field.repeated) (out[field.name] ??= []).push(value);
    else out[field.name] = value;
  }
  return out;
}

/** @param {Field} field @param {Buffer | bigint | number} raw @param {Buffer} buf @param {number} depth */
function fieldValue(field, raw, buf, depth) {
  const { type } = field;
  if (typeof type === "object") {
    if (!Buffer.isBuffer(raw)) throw truncated();
    return decodeMessage(buf, raw.byteOffset - buf.byteOffset, raw.byteOffset - buf.byteOffset + raw.length, type.message, depth + 1);
  }
  switch (type) {
    case "string":
    case "hex":
    case "bytes":
      if (!Buffer.isBuffer(raw)) throw truncated();
      return type === "string" ? raw.toString("utf8") : raw.toString(type === "hex" ? "hex" : "base64");
    case "double":
      if (typeof raw !== "bigint") throw truncated();
      return doubleFrom(raw);
    case "int":
      return BigInt.asIntN(64, BigInt(/** @type {bigint | number} */ (raw))).toString();
    case "fixed64":
      return String(raw);
    case "bool":
      return raw !== 0n;
    default: // uint, fixed32
      return Number(raw);
  }
}

const scratch = Buffer.alloc(8);
/** The double whose 64 bits (read little-endian as a fixed64) are `bits`. */
function doubleFrom(/** @type {bigint} */ bits) {
  scratch.writeBigUInt64LE(bits);
  return scratch.readDoubleLE(0);
}
