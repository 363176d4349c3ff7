/**
 * OTLP/protobuf request bodies for spans and log records, written in one pass into one reused buffer.
 *
 * Why our own writer: the export is most of what telemetry adds to a request (README, "What telemetry
 * costs"). OTLP/JSON spends it in JSON.stringify of a nested object per span and value, then in deflate
 * over ~2.7 times protobuf's bytes; OpenTelemetry's protobuf serializer builds no objects but walks every
 * batch twice (a size estimate, then the write) through a general writer, and measured slower than JSON.
 * This one writes the messages the OTLP protos define (opentelemetry-proto, trace.proto, logs.proto,
 * common.proto) straight from ReadableSpan and ReadableLogRecord, leaves out fields at their default,
 * and reserves a length's bytes before a nested message, moving the message only when the guess was short.
 * tests/unit/otlp-protobuf.test.ts checks it against OpenTelemetry's own serializers, field by field.
 */
import type { Attributes, HrTime, Link, SpanContext } from "@opentelemetry/api";
import type { AnyValue, AnyValueMap } from "@opentelemetry/api-logs";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

/** Span and log flags: the W3C trace flags, and whether the parent's context came from another process. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const flags = (traceFlags: number, isRemote: boolean | undefined) => (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);

/** The value of a hex digit's character code (ids are validated hex: 0-9, a-f, A-F). */
const nibble = (code: number) => (code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57);

const INITIAL_SIZE = 64 * 1024;

class Writer {
  buf = Buffer.allocUnsafe(INITIAL_SIZE);
  pos = 0;

  /** The bytes written, copied out: the buffer is reused by the next export, and let go when a rare batch grew it past 1 MB. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    if (this.buf.length > 2 ** 20) this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
    return out;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** An unsigned varint below 2^32. */
  varint(value: number): void {
    this.room(5);
    this.pos = this.varintAt(this.pos, value);
  }

  /** Writes `value` (below 2^32) as a varint at `p`, in room already made; returns the position after it. */
  private varintAt(p: number, value: number): number {
    while (value > 0x7f) {
      this.buf[p++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[p++] = value;
    return p;
  }

  /** A signed 64-bit varint (int64: negative numbers take ten bytes). */
  int64(value: number): void {
    if (value >= 0 && value < 2 ** 32) return this.varint(value);
    let v = BigInt.asUintN(64, BigInt(value));
    this.room(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  uint(field: number, value: number): void {
    this.tag(field, VARINT);
    this.varint(value);
  }

  fixed32(field: number, value: number): void {
    this.tag(field, FIXED32);
    this.room(4);
    this.pos = this.buf.writeUInt32LE(value >>> 0, this.pos);
  }

  double(field: number, value: number): void {
    this.tag(field, FIXED64);
    this.room(8);
    this.pos = this.buf.writeDoubleLE(value, this.pos);
  }

  /** Nanoseconds since the epoch as fixed64, split so no product leaves the safe-integer range. */
  time(field: number, time: HrTime): void {
    this.tag(field, FIXED64);
    this.room(8);
    const seconds = time[0];
    const nanos = time[1];
    const low16 = (seconds & 0xffff) * 1e9;
    const high16 = Math.floor(seconds / 0x10000) * 1e9;
    const low = (low16 % 2 ** 32) + (high16 % 0x10000) * 0x10000 + nanos;
    const high = Math.floor(low16 / 2 ** 32) + Math.floor(high16 / 0x10000) + Math.floor(low / 2 ** 32);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.pos = this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
  }

  /**
   * Characters are read as `String.prototype.charCodeAt.call(value, i)`, not `value.charCodeAt(i)`: the
   * strings written here come in several of V8's representations, each with its own map (in the app:
   * literal, flat, concatenated, sliced and thin), so a `value.charCodeAt` load goes megamorphic, a
   * stub-cache probe per character. Spelled out in full, the optimising compiler folds the method to a
   * constant and inlines it for any string (kept in a variable, it would be a generic call per character).
   * tests/unit/otlp-protobuf-shapes.test.ts keeps these reads out of the megamorphic state.
   */
  string(field: number, value: string): void {
    this.tag(field, BYTES);
    const length = value.length;
    if (length < 0x80) {
      // Short ASCII, the usual case: one pass, one length byte, no native call.
      this.room(1 + length);
      const { buf } = this;
      let at = this.pos + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = String.prototype.charCodeAt.call(value, i);
        if (code > 0x7f) break;
        buf[at++] = code;
      }
      if (i === length) {
        buf[this.pos] = length;
        this.pos = at;
        return;
      }
    }
    const bytes = Buffer.byteLength(value);
    this.varint(bytes);
    this.room(bytes);
    this.pos += this.buf.write(value, this.pos, "utf8");
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, BYTES);
    this.varint(value.length);
    this.room(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Span and trace ids: hex in the API, raw bytes on the wire (characters read as in `string`). */
  hex(field: number, value: string): void {
    const length = value.length >>> 1;
    this.tag(field, BYTES);
    this.room(1 + length);
    this.buf[this.pos++] = length;
    for (let i = 0; i < 2 * length; i += 2) this.buf[this.pos++] = (nibble(String.prototype.charCodeAt.call(value, i)) << 4) | nibble(String.prototype.charCodeAt.call(value, i + 1));
  }

  /** Opens a nested message with `reserve` bytes kept for its length; returns where they start. */
  open(field: number, reserve = 1): number {
    this.tag(field, BYTES);
    this.room(reserve);
    const at = this.pos;
    this.pos += reserve;
    return at;
  }

  /** Writes the length of the message opened at `at`, moving its body if the reserve was not its size. */
  close(at: number, reserve = 1): void {
    const body = at + reserve;
    const length = this.pos - body;
    const size = length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5;
    if (size !== reserve) {
      this.room(size - reserve);
      this.buf.copyWithin(at + size, body, this.pos);
      this.pos += size - reserve;
    }
    this.varintAt(at, length);
  }

  anyValue(field: number, value: AnyValue): void {
    const at = this.open(field);
    if (typeof value === "string") this.string(1, value);
    else if (typeof value === "boolean") this.uint(2, value ? 1 : 0);
    else if (typeof value === "number") {
      if (Number.isSafeInteger(value)) {
        this.tag(3, VARINT);
        this.int64(value);
      } else this.double(4, value);
    } else if (value instanceof Uint8Array) this.bytes(7, value);
    else if (Array.isArray(value)) {
      const array = this.open(5);
      for (const item of value) this.anyValue(1, item);
      this.close(array);
    } else if (value != null && typeof value === "object") {
      const list = this.open(6);
      this.attributes(1, value);
      this.close(list);
    }
    this.close(at);
  }

  attributes(field: number, attributes: Attributes | AnyValueMap): void {
    for (const key in attributes) {
      if (!Object.hasOwn(attributes, key)) continue;
      const at = this.open(field);
      this.string(1, key);
      this.anyValue(2, attributes[key] as AnyValue);
      this.close(at);
    }
  }

  resource(resource: Resource): void {
    const at = this.open(1, 2);
    this.attributes(1, resource.attributes);
    this.close(at, 2);
  }

  scope(scope: InstrumentationScope): void {
    const at = this.open(1);
    this.string(1, scope.name);
    if (scope.version) this.string(2, scope.version);
    this.close(at);
  }
}

function writeSpan(w: Writer, span: ReadableSpan): void {
  // Two bytes kept for the length: a span is usually 128 bytes to 16 KB.
  const at = w.open(2, 2);
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  w.hex(1, context.traceId);
  w.hex(2, context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) w.string(3, traceState);
  if (parent?.spanId) w.hex(4, parent.spanId);
  w.string(5, span.name);
  w.uint(6, span.kind + 1); // the API has no UNSPECIFIED; OTLP's kinds start at 1
  w.time(7, span.startTime);
  w.time(8, span.endTime);
  w.attributes(9, span.attributes);
  if (span.droppedAttributesCount) w.uint(10, span.droppedAttributesCount);
  for (const event of span.events) writeEvent(w, event);
  if (span.droppedEventsCount) w.uint(12, span.droppedEventsCount);
  for (const link of span.links) writeLink(w, link);
  if (span.droppedLinksCount) w.uint(14, span.droppedLinksCount);
  if (span.status.code || span.status.message) {
    const status = w.open(15);
    if (span.status.message) w.string(2, span.status.message);
    if (span.status.code) w.uint(3, span.status.code);
    w.close(status);
  }
  w.fixed32(16, flags(context.traceFlags, parent?.isRemote));
  w.close(at, 2);
}

function writeEvent(w: Writer, event: TimedEvent): void {
  const at = w.open(11, 2);
  w.time(1, event.time);
  w.string(2, event.name);
  if (event.attributes) w.attributes(3, event.attributes);
  if (event.droppedAttributesCount) w.uint(4, event.droppedAttributesCount);
  w.close(at, 2);
}

function writeLink(w: Writer, link: Link): void {
  const at = w.open(13, 2);
  w.hex(1, link.context.traceId);
  w.hex(2, link.context.spanId);
  const traceState = link.context.traceState?.serialize();
  if (traceState) w.string(3, traceState);
  if (link.attributes) w.attributes(4, link.attributes);
  if (link.droppedAttributesCount) w.uint(5, link.droppedAttributesCount);
  w.fixed32(6, flags(link.context.traceFlags, link.context.isRemote));
  w.close(at, 2);
}

function writeLogRecord(w: Writer, record: ReadableLogRecord): void {
  const at = w.open(2, 2);
  const context: SpanContext | undefined = record.spanContext;
  w.time(1, record.hrTime);
  if (record.severityNumber) w.uint(2, record.severityNumber);
  if (record.severityText) w.string(3, record.severityText);
  if (record.body !== undefined) w.anyValue(5, record.body);
  w.attributes(6, record.attributes);
  if (record.droppedAttributesCount) w.uint(7, record.droppedAttributesCount);
  if (context?.traceFlags) w.fixed32(8, context.traceFlags);
  if (context?.traceId) w.hex(9, context.traceId);
  if (context?.spanId) w.hex(10, context.spanId);
  w.time(11, record.hrTimeObserved);
  if (record.eventName) w.string(12, record.eventName);
  w.close(at, 2);
}

type Item = { resource: Resource; instrumentationScope: InstrumentationScope };

/**
 * Items by resource, then by scope, as OTLP nests them; order kept within each. A tracer or logger
 * shares one scope object among its items, so the object is the key (no string built per item).
 */
function group<T extends Item>(items: T[]): Map<Resource, Map<InstrumentationScope, T[]>> {
  const resources = new Map<Resource, Map<InstrumentationScope, T[]>>();
  for (const item of items) {
    let scopes = resources.get(item.resource);
    if (!scopes) resources.set(item.resource, (scopes = new Map()));
    const list = scopes.get(item.instrumentationScope);
    if (list) list.push(item);
    else scopes.set(item.instrumentationScope, [item]);
  }
  return resources;
}

function encode<T extends Item>(items: T[], writeItem: (w: Writer, item: T) => void): Buffer {
  const w = writer;
  w.pos = 0; // from the start, even if the last export threw half-way
  for (const [resource, scopes] of group(items)) {
    const resourceAt = w.open(1, 3);
    w.resource(resource);
    for (const [scope, scoped] of scopes) {
      const scopeAt = w.open(2, 3);
      w.scope(scope);
      for (const item of scoped) writeItem(w, item);
      if (scope.schemaUrl) w.string(3, scope.schemaUrl);
      w.close(scopeAt, 3);
    }
    if (resource.schemaUrl) w.string(3, resource.schemaUrl);
    w.close(resourceAt, 3);
  }
  return w.take();
}

// One buffer for every export of the process: encoding is synchronous, so exports never share it.
const writer = new Writer();

/** An ExportTraceServiceRequest (POST /v1/traces, content-type application/x-protobuf). */
export const encodeTraces = (spans: ReadableSpan[]): Buffer => encode(spans, writeSpan);

/** An ExportLogsServiceRequest (POST /v1/logs, content-type application/x-protobuf). */
export const encodeLogs = (records: ReadableLogRecord[]): Buffer => encode(records, writeLogRecord);
