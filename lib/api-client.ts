/** Browser-side JSON calls to the app's API, with the server's error message and field errors surfaced. */
export type ApiError = { error: string; fields?: Record<string, string[]>; requestId?: string };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { ...(init.body !== undefined && { "content-type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, status: 0, error: { error: "Network error: check your connection and try again." } };
  }
  const json = (await response.json().catch(() => null)) as (T & ApiError) | null;
  if (response.ok) return { ok: true, data: json as T };
  return { ok: false, status: response.status, error: json?.error ? json : { error: `Request failed (${response.status}).` } };
}

/** The first message per field, as forms show them. */
export const firstErrors = (fields: Record<string, string[]> = {}) =>
  Object.fromEntries(Object.entries(fields).map(([key, messages]) => [key, messages[0] ?? ""]));
