/**
 * Run by tests/unit/otlp-protobuf-shapes.test.ts in a Node process of its own, under `--log-ic`:
 * encodes spans and log records whose strings come in each of V8's string representations.
 */
import { randomUUID } from "node:crypto";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { encodeLogs, encodeTraces } from "../../lib/observability/server/otlp-protobuf";

const padding = "p".repeat(64);
const table: Record<string, number> = {};
/** A string used as a property key after it was made: V8 internalizes it and leaves a thin string behind. */
function thin(text: string): string {
  table[text] = 1;
  return text;
}
/** One string per representation: literal (internalized), flat, concatenated, sliced, thin, two-byte. */
const strings = (i: number): string[] => [
  "postgresql",
  randomUUID(),
  `insert into ${i % 2 ? "projects" : "members"} values`,
  (padding + i + "sliced-from-a-longer-string").slice(60, 90),
  thin(Buffer.from(`thin-${i}-string`).toString()),
  `café ${i} 日本`,
  "日本語",
  JSON.parse(`"parsed-${i}-value"`) as string,
];

const resource = { attributes: { "service.name": "shapes" } } as unknown as ReadableSpan["resource"];
const instrumentationScope = { name: "shapes" };
const hex = (bytes: number) => Buffer.from(randomUUID().replaceAll("-", ""), "hex").subarray(0, bytes).toString("hex");

function span(i: number): ReadableSpan {
  const values = strings(i);
  const context = { traceId: hex(16), spanId: hex(8), traceFlags: 1 };
  return {
    name: values[(i + 2) % values.length]!,
    kind: 1,
    spanContext: () => context,
    parentSpanContext: { traceId: context.traceId, spanId: hex(8), traceFlags: 1 },
    startTime: [1_700_000_000, i],
    endTime: [1_700_000_000, i + 1000],
    status: { code: 0 },
    attributes: Object.fromEntries(values.map((value, k) => [`attr.${k}`, value])),
    links: [],
    events: [],
    duration: [0, 1000],
    ended: true,
    resource,
    instrumentationScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function record(i: number): ReadableLogRecord {
  const values = strings(i);
  return {
    hrTime: [1_700_000_000, i],
    hrTimeObserved: [1_700_000_000, i],
    severityNumber: 9,
    severityText: "INFO",
    body: values[i % values.length]!,
    attributes: { "request.id": values[1]!, "db.collection.name": values[3]! },
    droppedAttributesCount: 0,
    resource,
    instrumentationScope,
  } as ReadableLogRecord;
}

// Enough rounds for V8 to optimise the writer; an IC that went megamorphic stays so in the log.
for (let round = 0; round < 300; round++) {
  encodeTraces(Array.from({ length: 20 }, (_, i) => span(round * 20 + i)));
  encodeLogs(Array.from({ length: 20 }, (_, i) => record(round * 20 + i)));
}
