/**
 * `withHighlight(handler)`: every API route handler is wrapped in it. It runs the
 * handler in a server span tied to the browser session (x-highlight-request and
 * traceparent), gives each request an id (echoed as x-request-id), logs 4xx/5xx
 * responses, and turns a throw into a reported error and a JSON 500.
 */
import { randomUUID } from "node:crypto";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { NextResponse, type NextRequest } from "next/server";
import { HIGHLIGHT_REQUEST_HEADER, parseHighlightHeader, runWithRequestContext } from "@/lib/observability/context";
import { logger } from "@/lib/observability/logger";
import { reportServerError } from "@/lib/observability/errors";
import { tracer } from "@/lib/observability/tracing";

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response> | Response;

export function withHighlight<C = unknown>(handler: Handler<C>): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, routeContext) => {
    const headers = Object.fromEntries(req.headers);
    const { sessionId, requestId: browserRequestId } = parseHighlightHeader(headers[HIGHLIGHT_REQUEST_HEADER]);
    const requestId = browserRequestId ?? randomUUID();
    const path = req.nextUrl.pathname;
    // Next opens its own request span (already continuing the browser's traceparent); nest under it when present.
    const parent = trace.getActiveSpan() ? context.active() : propagation.extract(context.active(), headers);

    return runWithRequestContext({ sessionId, requestId }, () =>
      tracer().startActiveSpan(
        `${req.method} ${path}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            "http.request.method": req.method,
            "url.path": path,
            "request.id": requestId,
            ...(sessionId && { "highlight.session_id": sessionId }),
          },
        },
        parent,
        async (span) => {
          let response: Response;
          try {
            response = await handler(req, routeContext);
            span.setStatus({ code: response.status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.OK });
            if (response.status >= 400) {
              logger.warn("request failed", { method: req.method, path, status: response.status });
            }
          } catch (error) {
            const err = error instanceof Error ? error : new Error(String(error));
            logger.error("unhandled error in route handler", { method: req.method, path, error: err.message });
            response = NextResponse.json({ error: "Internal Server Error", requestId }, { status: 500 });
            reportServerError(span, err, { sessionId, requestId }, {
              "http.request.method": req.method,
              "url.path": path,
              "http.response.status_code": 500,
            });
          }
          if (span.isRecording()) {
            span.setAttribute("http.response.status_code", response.status);
            span.end();
          }
          response.headers.set("x-request-id", requestId);
          return response;
        },
      ),
    );
  };
}
