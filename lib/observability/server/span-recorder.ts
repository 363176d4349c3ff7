/**
 * The tracer behind the app's own spans: spans of one fixed shape that are handed, when they end,
 * to the export queue as they are (they are also ReadableSpans, so OpenTelemetry's OTLP serializer
 * and the SDK's exporters take them unchanged).
 *
 * Why not the SDK's tracer: counted under callgrind (`npm run bench:pipeline`), a database span
 * cost about 27 k instructions on the main thread to start and end with it, against about 7 k here. The SDK validates
 * and copies every attribute object three times (sanitize, sanitize again, set one by one through
 * a megamorphic keyed store), converts times through several arrays, consults a sampler and span
 * metrics. Here the callers are this layer's own functions (server/tracing.ts), which build a fresh,
 * typed attribute object per span: the span takes it over. Sampling is decided per session before a
 * span exists; no limits apply, since these spans carry a handful of attributes and no links.
 *
 * With HIGHLIGHT_AUTO_INSTRUMENT=true, Next.js and Prisma still make their spans with the SDK's
 * tracer (server/pipeline.ts); both kinds nest through the same context and share the queue.
 */
import { randomFillSync } from "node:crypto";
import {
  context as otelContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  type Tracer,
} from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import { inputToMs, toHrTime } from "@/lib/observability/server/clock";

/** What a recorded span shares with the others of its pipeline. */
export type RecorderSettings = {
  resource: Resource;
  scope: InstrumentationScope;
  /** Called once per span, when it ends (the export queue's push). */
  onEnd: (span: ReadableSpan) => void;
};

// Ids from a pool of random bytes, refilled 4 KB at a time: one native call per 256 span ids.
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;
function randomHex(bytes: 8 | 16): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += bytes;
  return pool.toString("hex", start, used);
}

// Shared empty lists: a span that never gets an event or link allocates none.
const NONE: never[] = Object.freeze([]) as never[];

export class RecordedSpan implements Span, ReadableSpan {
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  name: string;
  attributes: Attributes;
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  events: TimedEvent[] = NONE;
  links: Link[] = NONE;
  ended = false;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;
  private readonly startMs: number;
  private endMs = 0;
  private readonly onEnd: (span: ReadableSpan) => void;

  constructor(settings: RecorderSettings, name: string, options: SpanOptions, parent: SpanContext | undefined) {
    this.name = name;
    this.kind = options.kind ?? SpanKind.INTERNAL;
    this.attributes = options.attributes ?? {};
    this.parentSpanContext = parent;
    this.context = { traceId: parent?.traceId ?? randomHex(16), spanId: randomHex(8), traceFlags: TraceFlags.SAMPLED };
    this.resource = settings.resource;
    this.instrumentationScope = settings.scope;
    this.onEnd = settings.onEnd;
    this.startMs = inputToMs(options.startTime);
  }

  get startTime(): HrTime {
    return toHrTime(this.startMs);
  }
  get endTime(): HrTime {
    return toHrTime(this.ended ? this.endMs : this.startMs);
  }
  get duration(): HrTime {
    return this.ended ? toHrTime(this.endMs - this.startMs) : [-1, -1];
  }

  spanContext(): SpanContext {
    return this.context;
  }
  isRecording(): boolean {
    return !this.ended;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (!this.ended && value != null) this.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const timeGiven = typeof attributesOrTime === "number" || attributesOrTime instanceof Date || Array.isArray(attributesOrTime);
    const attributes = timeGiven ? {} : ((attributesOrTime as Attributes | undefined) ?? {});
    if (this.events === NONE) this.events = [];
    this.events.push({ name, attributes, time: toHrTime(inputToMs(timeGiven ? (attributesOrTime as TimeInput) : time)), droppedAttributesCount: 0 });
    return this;
  }
  addLink(link: Link): this {
    if (this.ended) return this;
    if (this.links === NONE) this.links = [];
    this.links.push(link);
    return this;
  }
  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  /** As the SDK: UNSET is ignored, and OK is final. */
  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status.code === SpanStatusCode.ERROR && typeof status.message === "string" ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }
  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /** An `exception` event with the semantic-convention attributes, as the SDK records it. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === "string") attributes["exception.message"] = exception;
    else {
      const type = exception.code ? String(exception.code) : exception.name;
      if (type) attributes["exception.type"] = type;
      if (exception.message) attributes["exception.message"] = exception.message;
      if (exception.stack) attributes["exception.stacktrace"] = exception.stack;
    }
    if (attributes["exception.type"] || attributes["exception.message"]) this.addEvent("exception", attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.endMs = Math.max(this.startMs, inputToMs(endTime));
    this.ended = true;
    this.onEnd(this);
  }
}

export type SpanRecorder = Tracer & {
  /**
   * A child of `parent`, an open span of this layer: what `startSpan(name, options,
   * trace.setSpan(ROOT_CONTEXT, parent))` makes, without building a Context (a Map copy) for each
   * span and reading it back, or checking ids this recorder made.
   */
  startChildSpan(name: string, options: SpanOptions, parent: Span): RecordedSpan;
};

/**
 * A Tracer whose spans are RecordedSpans, children of the span in `context`. `options.attributes`
 * is taken over, not copied: pass a fresh object.
 */
export function createSpanRecorder(settings: RecorderSettings): SpanRecorder {
  const startSpan = (name: string, options: SpanOptions = {}, context?: Context): RecordedSpan => {
    const parent = context && !options.root ? trace.getSpanContext(context) : undefined;
    return new RecordedSpan(settings, name, options, parent && trace.isSpanContextValid(parent) ? parent : undefined);
  };
  const startChildSpan = (name: string, options: SpanOptions, parent: Span): RecordedSpan =>
    new RecordedSpan(settings, name, options, parent.spanContext());
  function startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : {};
    const parent = rest.length > 2 ? (rest[1] as Context) : otelContext.active();
    const span = startSpan(name, options, parent);
    return otelContext.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
  return { startSpan, startActiveSpan, startChildSpan };
}
