import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/security-headers";
import { browserObservability } from "@/lib/observability/shared/settings";

const env = (overrides: Record<string, string> = {}) =>
  browserObservability({ NODE_ENV: "production", APP_VERSION: "1", NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "p", NEXT_PUBLIC_HIGHLIGHT_REPLAY: "true", ...overrides });
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("contentSecurityPolicy", () => {
  it("follows the telemetry preset: LaunchDarkly's origins, the recorder's blob workers", () => {
    const csp = contentSecurityPolicy(
      "abc",
      env({
        NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: "https://pub.observability.app.launchdarkly.com",
        NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: "https://otel.observability.app.launchdarkly.com:4318",
      }),
      false,
    );
    expect(directive(csp, "connect-src")).toBe(
      "connect-src 'self' https://pub.observability.app.launchdarkly.com https://otel.observability.app.launchdarkly.com:4318",
    );
    expect(directive(csp, "worker-src")).toBe("worker-src 'self' blob:");
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("the local default and a self-hosted backend", () => {
    expect(directive(contentSecurityPolicy("n", env(), false), "connect-src")).toBe("connect-src 'self' http://localhost:4318");
    const selfHosted = env({
      NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL: "https://obs.example.com:8082/public",
      NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT: "https://obs.example.com:4318",
      NEXT_PUBLIC_HIGHLIGHT_TRACING_ORIGINS: "https://api.example.com",
    });
    expect(directive(contentSecurityPolicy("n", selfHosted, false), "connect-src")).toBe(
      "connect-src 'self' https://obs.example.com:8082 https://obs.example.com:4318 https://api.example.com",
    );
  });

  it("allows no telemetry origin when telemetry is off, and eval only in development", () => {
    const off = contentSecurityPolicy("n", env({ NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID: "" }), false);
    expect(directive(off, "connect-src")).toBe("connect-src 'self'");
    expect(directive(off, "script-src")).not.toContain("unsafe-eval");
    expect(directive(contentSecurityPolicy("n", env(), true), "script-src")).toContain("'unsafe-eval'");
  });
});
