/**
 * OTLP/HTTP export of spans and logs as protobuf (server/otlp-protobuf.ts), gzipped at level 1 (or not
 * compressed at all, for a collector on the same host or network: OTEL_EXPORTER_OTLP_COMPRESSION=none).
 *
 * The OpenTelemetry HTTP exporters gzip at zlib's default level 6 and take no level option; under
 * `npm run bench -- --instructions` that compression was the largest single part of the work
 * telemetry adds to a request (README, "What telemetry costs"). Level 1 still shrinks OTLP several
 * times over.
 *
 * Retries are not done here: a failed export goes back to the export queue (server/export-queue.ts),
 * which retries with backoff and keeps memory bounded.
 */
import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import { gzip as gzipCallback, constants } from "node:zlib";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { Exporter } from "@/lib/observability/server/export-queue";

const gzip = promisify(gzipCallback);

export type OtlpHttpOptions = {
  /** The signal's full URL, e.g. http://localhost:4318/v1/traces. */
  url: string;
  /** Extra request headers (authenticated collectors), e.g. from OTEL_EXPORTER_OTLP_HEADERS. */
  headers?: Record<string, string>;
  timeoutMs: number;
  /** "none" saves deflate and CRC (1/3 of an export's instructions, 2/3 of its time) where bandwidth is free. Default gzip. */
  compression?: OtlpCompression;
};

export type OtlpCompression = "gzip" | "none";

/** zlib's fastest level: a fraction of level 6's instructions on OTLP bodies, for slightly larger ones. */
export const GZIP_LEVEL = constants.Z_BEST_SPEED;

/** `encode` writes one signal's request body: encodeTraces or encodeLogs (server/otlp-protobuf.ts). */
export function createOtlpHttpExporter<T>(encode: (items: T[]) => Buffer, options: OtlpHttpOptions): Exporter<T> {
  const url = new URL(options.url);
  const transport = url.protocol === "https:" ? https : http;
  // One kept-alive connection per signal: a batch every few seconds should not pay a TCP (and TLS) handshake.
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
  const gzipped = options.compression !== "none";
  const headers = { ...options.headers, "content-type": "application/x-protobuf", ...(gzipped && { "content-encoding": "gzip" }) };
  const compress = (body: Buffer): Promise<Buffer> => (gzipped ? gzip(body, { level: GZIP_LEVEL }) : Promise.resolve(body));

  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const request = transport.request(
        url,
        { method: "POST", agent, headers: { ...headers, "content-length": body.length }, signal: AbortSignal.timeout(options.timeoutMs) },
        (response) => {
          response.resume(); // the body (partial-success details) is not needed; drain it so the socket is reused
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`OTLP export to ${url.origin}${url.pathname} answered ${status}`));
          });
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });

  return {
    export(items, done) {
      if (!items.length) return done({ code: ExportResultCode.SUCCESS });
      compress(encode(items))
        .then(post)
        .then(
          () => done({ code: ExportResultCode.SUCCESS }),
          (error: unknown) => done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) } satisfies ExportResult),
        );
    },
    async shutdown() {
      agent.destroy();
    },
  };
}
