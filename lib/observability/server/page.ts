/**
 * `withHighlightPage(name, page)`: a server-rendered page's request span, tied to the browser
 * session that proxy.ts forwards on page loads and RSC requests. Spans and logs made while the
 * page renders belong to it. A render error is reported once, by onRequestError
 * (server/request-error.ts); redirects and notFound() are not errors.
 */
import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { endRequestSpan, runRequest } from "@/lib/observability/server/tracing";

export function withHighlightPage<P>(name: string, page: (props: P) => Promise<React.ReactNode>): (props: P) => Promise<React.ReactNode> {
  return async (props) => {
    const incoming = await headers();
    return runRequest({ name, header: (key) => incoming.get(key), attributes: { "next.page": name } }, async (span) => {
      try {
        const result = await page(props);
        endRequestSpan(span, { ok: true });
        return result;
      } catch (error) {
        try {
          unstable_rethrow(error); // Next's redirect / notFound signals: a normal outcome
        } catch (signal) {
          endRequestSpan(span, { ok: true });
          throw signal;
        }
        endRequestSpan(span, { ok: false });
        throw error;
      }
    });
  };
}
