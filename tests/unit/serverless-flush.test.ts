import { describe, expect, it, vi } from "vitest";
import { flushAfterResponse, isServerless } from "@/lib/observability/server/flush";
import type { Pipeline } from "@/lib/observability/server/pipeline";

describe("HIGHLIGHT_SERVERLESS", () => {
  it("auto turns the export after each response on where a serverless host says it is one", () => {
    expect(isServerless("auto", { VERCEL: "1" })).toBe(true);
    expect(isServerless("auto", { AWS_LAMBDA_FUNCTION_NAME: "web" })).toBe(true);
    expect(isServerless("auto", { NETLIFY: "true" })).toBe(true);
    expect(isServerless("auto", { HOSTNAME: "vm-1" })).toBe(false);
  });

  it("true and false override the detection", () => {
    expect(isServerless("true", {})).toBe(true);
    expect(isServerless("false", { VERCEL: "1" })).toBe(false);
  });
});

describe("flushAfterResponse", () => {
  const pipeline = (flushAfterResponse: boolean) => ({ settings: { flushAfterResponse }, flush: vi.fn(async () => true) }) as unknown as Pipeline;

  it("exports when switched on (at once outside a request, where after() has nothing to wait for)", async () => {
    const on = pipeline(true);
    flushAfterResponse(on, "r1");
    await vi.waitFor(() => expect(on.flush).toHaveBeenCalledTimes(1));
  });

  it("does nothing when off: the periodic export is enough on a long-running server", async () => {
    const off = pipeline(false);
    flushAfterResponse(off, "r1");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(off.flush).not.toHaveBeenCalled();
  });
});
