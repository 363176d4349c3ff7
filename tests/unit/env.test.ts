import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseEnvVars } from "@/lib/env";
import { DEFAULT_EXPORT_INTERVAL_MS, serverObservability } from "@/lib/observability/server/config";

describe("parseEnv", () => {
  it("runs with nothing set: embedded defaults for development", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./prisma/pgdata");
    expect(env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID).toBe("local");
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.STRIPE_API_BASE).toBe("http://localhost:12111");
  });

  it("names every malformed variable and how to fix it", () => {
    const run = () => parseEnv({ HIGHLIGHT_OTLP_ENDPOINT: "not a url", AUTH_SECRET: "short", LOG_LEVEL: "loud" });
    expect(run).toThrow(EnvError);
    expect(run).toThrow(/HIGHLIGHT_OTLP_ENDPOINT: must be an http\(s\) URL/);
    expect(run).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(run).toThrow(/LOG_LEVEL/);
    expect(run).toThrow(/\.env\.example/);
  });

  it("requires real secrets in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET/);
    const env = parseEnv({
      NODE_ENV: "production",
      AUTH_SECRET: "p".repeat(32),
      STRIPE_SECRET_KEY: "sk_live_abc",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
    });
    expect(env.STRIPE_API_BASE).toBeUndefined(); // the real Stripe API
  });

  it("takes the export interval as whole milliseconds from 100 to 60000", () => {
    expect(parseEnv({}).HIGHLIGHT_EXPORT_INTERVAL_MS).toBeUndefined();
    expect(parseEnv({ HIGHLIGHT_EXPORT_INTERVAL_MS: "5000" }).HIGHLIGHT_EXPORT_INTERVAL_MS).toBe(5000);
    for (const bad of ["0", "2.5", "soon", "600000"]) {
      expect(() => parseEnv({ HIGHLIGHT_EXPORT_INTERVAL_MS: bad })).toThrow(/HIGHLIGHT_EXPORT_INTERVAL_MS: must be a whole number of milliseconds/);
    }
    expect(serverObservability(parseEnv({})).exportIntervalMs).toBe(DEFAULT_EXPORT_INTERVAL_MS);
    expect(serverObservability(parseEnv({ HIGHLIGHT_EXPORT_INTERVAL_MS: "5000" })).exportIntervalMs).toBe(5000);
  });

  it("treats an empty value as unset, except the project id, where empty means telemetry off", () => {
    const env = parseEnv({ HIGHLIGHT_OTLP_ENDPOINT: "", NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "" });
    expect(env.HIGHLIGHT_OTLP_ENDPOINT).toBeUndefined();
    expect(env.NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID).toBe("");
  });
});

describe("parseEnv: DATABASE_URL", () => {
  it("takes a PostgreSQL server or an embedded data folder, and nothing else", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://app:pw@db.internal:5432/app?sslmode=require" }).DATABASE_URL).toMatch(/^postgres:/);
    expect(parseEnv({ DATABASE_URL: "postgresql://app@localhost/app" }).DATABASE_URL).toMatch(/^postgresql:/);
    expect(parseEnv({ DATABASE_URL: "file:/var/lib/app/pgdata" }).DATABASE_URL).toBe("file:/var/lib/app/pgdata");
    for (const url of ["mysql://app@db/app", "libsql://db.turso.io", "file:", "./prisma/pgdata"]) {
      expect(() => parseEnv({ DATABASE_URL: url }), url).toThrow(/DATABASE_URL: must be postgres:\/\//);
    }
  });
});

describe("parseEnv: telemetry settings", () => {
  it("validates extra tracing origins and the proxy switch", () => {
    expect(parseEnv({ NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS: "https://api.example.com, http://localhost:8080" }).HIGHLIGHT_PROXY).toBe("false");
    expect(() => parseEnv({ NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS: "api.example.com/path" })).toThrow(/NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS/);
    expect(() => parseEnv({ HIGHLIGHT_PROXY: "yes" })).toThrow(/HIGHLIGHT_PROXY: must be true or false/);
  });
});

describe("parseEnvVars (scripts: install, seed, post-build)", () => {
  it("checks only the named variables, so production secrets are not needed to migrate or seed", () => {
    const vars = parseEnvVars({ NODE_ENV: "production", AUTH_SECRET: "short" }, ["DATABASE_URL", "STRIPE_PRICE_PRO"]);
    expect(vars).toEqual({ DATABASE_URL: "file:./prisma/pgdata", STRIPE_PRICE_PRO: undefined });
  });

  it("applies the same rules and messages as the app", () => {
    expect(() => parseEnvVars({ STRIPE_PRICE_PRO: "pro" }, ["STRIPE_PRICE_PRO"])).toThrow(/STRIPE_PRICE_PRO: must be a Stripe price id/);
    expect(() => parseEnvVars({ HIGHLIGHT_SOURCEMAP_BACKEND_URL: "ftp://x" }, ["HIGHLIGHT_SOURCEMAP_BACKEND_URL"])).toThrow(
      /HIGHLIGHT_SOURCEMAP_BACKEND_URL: must be an http\(s\) URL/,
    );
    expect(parseEnvVars({ HIGHLIGHT_SOURCEMAP_API_KEY: "" }, ["HIGHLIGHT_SOURCEMAP_API_KEY"]).HIGHLIGHT_SOURCEMAP_API_KEY).toBeUndefined();
  });
});
