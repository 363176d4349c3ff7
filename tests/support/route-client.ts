/** Calls App Router route handlers directly with real NextRequests, keeping a cookie jar like a browser. */
import { NextRequest } from "next/server";

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response>;
export type Call = { method?: string; body?: unknown; raw?: string; headers?: Record<string, string>; ip?: string };

let clients = 0;

export class RouteClient {
  cookie?: string;
  /** Each client comes from its own address (198.18.0.0/15, the benchmarking range), as the proxy in front would report. */
  readonly ip = `198.18.${Math.floor(++clients / 250)}.${(clients % 250) + 1}`;

  async call<C = unknown>(handler: Handler<C>, path: string, init: Call = {}, ctx?: C) {
    const headers = new Headers(init.headers);
    if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
    if (this.cookie) headers.set("cookie", this.cookie);
    // What a client may have written itself, then the address our (one, trusted) proxy appended.
    headers.set("x-forwarded-for", [headers.get("x-forwarded-for"), init.ip ?? this.ip].filter(Boolean).join(", "));
    const request = new NextRequest(new URL(path, "http://localhost:3000"), {
      method: init.method ?? (init.body === undefined && init.raw === undefined ? "GET" : "POST"),
      headers,
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const response = await handler(request, ctx as C);
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const [pair] = setCookie.split(";");
      this.cookie = pair?.endsWith("=") ? undefined : pair;
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: response.status, json, headers: response.headers, setCookie };
  }
}

export const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });
