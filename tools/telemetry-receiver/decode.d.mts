export const MAX_DECODED_BYTES: number;
export const MAX_DEPTH: number;

export class DecodeError extends Error {
  constructor(message: string, status?: number);
  status: number;
}

type Attributes = Record<string, unknown>;

export type FlatSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startMs?: number;
  endMs?: number;
  status: { code: number; message?: string };
  attributes: Attributes;
  events: { name: string; attributes: Attributes }[];
  links: { traceId?: string; spanId?: string; attributes: Attributes }[];
  serviceName?: unknown;
  resource: Attributes;
  scope?: string;
};

export type FlatLog = {
  traceId?: string;
  spanId?: string;
  timeMs?: number;
  severity?: string;
  body: unknown;
  attributes: Attributes;
  serviceName?: unknown;
  resource: Attributes;
};

export function bodyBytes(raw: Buffer, encoding: string | undefined): Buffer;
export function bodyText(raw: Buffer, encoding: string | undefined): string;
export function tooDeep(value: unknown, max?: number): boolean;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, as JSON.parse returns it
export function parseJson(text: string): any;
export function deepDecode(value: unknown, depth?: number): unknown;
export function attributes(list: unknown[] | undefined): Attributes;
/** An ExportTraceServiceRequest in its OTLP/JSON shape → one record per span. */
export function flattenSpans(body: unknown): FlatSpan[];
/** An ExportLogsServiceRequest in its OTLP/JSON shape → one record per log record. */
export function flattenLogs(body: unknown): FlatLog[];
