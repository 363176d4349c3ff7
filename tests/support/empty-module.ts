// Stands in for `server-only` / `client-only` under Vitest, which is neither a server bundle nor a browser one.
export {};
