/**
 * `withHighlight(handler)`: every API route handler is wrapped in it. It only observes: the
 * handler runs in the request's span, tied to the browser session (x-highlight-request or the
 * session cookie, and traceparent); each request gets an id (echoed as x-request-id); 4xx/5xx
 * responses are logged; a throw is reported with the session and becomes a JSON 500.
 *
 * `route` names a dynamic route by its template (`/invite/[token]`): the span and logs then carry
 * the template, never the concrete path, for paths that hold an id you would rather not index or a
 * secret that must not be recorded.
 */
import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { reportServerError } from "@/lib/observability/server/errors";
import { logger } from "@/lib/observability/server/logger";
import { endRequestSpan, runRequest } from "@/lib/observability/server/tracing";

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response> | Response;

export function withHighlight<C = unknown>(handler: Handler<C>, options: { route?: string } = {}): (req: NextRequest, ctx: C) => Promise<Response> {
  return (req, routeContext) => {
    const path = options.route ?? req.nextUrl.pathname;
    const request = options.route
      ? { "http.request.method": req.method, "http.route": options.route }
      : { "http.request.method": req.method, "url.path": path };
    return runRequest({ name: `${req.method} ${path}`, header: (name) => req.headers.get(name), attributes: request }, async (span, scope) => {
      let response: Response;
      try {
        response = await handler(req, routeContext);
        if (response.status >= 400) logger.warn("request failed", { method: req.method, path, status: response.status });
      } catch (error) {
        logger.error("unhandled error in route handler", { method: req.method, path, error: error instanceof Error ? error.message : String(error) });
        reportServerError(error, { ...request, "http.response.status_code": 500 }, `${req.method} ${path}`);
        response = NextResponse.json({ error: "Internal Server Error", requestId: scope.requestId }, { status: 500 });
      }
      endRequestSpan(span, { ok: response.status < 500, attributes: { "http.response.status_code": response.status } });
      response.headers.set("x-request-id", scope.requestId);
      return response;
    });
  };
}
