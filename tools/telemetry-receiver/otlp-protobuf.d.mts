/** An OTLP/protobuf request of /v1/traces or /v1/logs in its OTLP/JSON shape; undefined for other paths. */
export function decodeOtlpProtobuf(pathname: string, bytes: Buffer): Record<string, unknown> | undefined;
