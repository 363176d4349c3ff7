import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { telemetryLink } from "@/lib/observability/server/links";

describe("links into the telemetry destination", () => {
  it("default to the local inspector outside production, and to none in production", () => {
    expect(parseEnv({}).TELEMETRY_LINK_TEMPLATE).toBe("http://localhost:4318/inspector/#/{kind}/{id}");
    const production = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "p".repeat(32), STRIPE_SECRET_KEY: "sk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x" });
    expect(production.TELEMETRY_LINK_TEMPLATE).toBeUndefined();
  });

  it("fill {kind} and {id}, escaping the id; nothing without a template or an id", () => {
    const template = "https://highlight.example.com/7/{kind}/{id}";
    expect(telemetryLink("traces", "abc123", template)).toBe("https://highlight.example.com/7/traces/abc123");
    expect(telemetryLink("sessions", "a/b?c", template)).toBe("https://highlight.example.com/7/sessions/a%2Fb%3Fc");
    expect(telemetryLink("traces", null, template)).toBeNull();
    expect(telemetryLink("traces", "abc", "")).toBeNull();
  });

  it("refuse a template without both placeholders", () => {
    expect(() => parseEnv({ TELEMETRY_LINK_TEMPLATE: "https://highlight.example.com/traces" })).toThrow(EnvError);
    expect(() => parseEnv({ TELEMETRY_LINK_TEMPLATE: "javascript:alert(1)/{kind}/{id}" })).toThrow(/TELEMETRY_LINK_TEMPLATE/);
  });
});
