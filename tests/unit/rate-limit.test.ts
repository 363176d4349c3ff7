import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limit";

describe("RateLimiter", () => {
  it("allows `limit` attempts per window, then says how long to wait", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("a", t0 + i)).toBe(0);
      limiter.record("a", t0 + i);
    }
    expect(limiter.retryAfter("a", t0 + 10)).toBe(60);
    expect(limiter.retryAfter("b", t0 + 10)).toBe(0); // keys are independent
  });

  it("slides: old attempts stop counting once they leave the window", () => {
    const limiter = new RateLimiter(2, 1_000);
    limiter.record("k", 0);
    limiter.record("k", 500);
    expect(limiter.retryAfter("k", 900)).toBe(1);
    expect(limiter.retryAfter("k", 1_001)).toBe(0);
  });

  it("reset clears a key, and memory stays bounded", () => {
    const limiter = new RateLimiter(1, 1_000, 2);
    limiter.record("x", 0);
    limiter.reset("x");
    expect(limiter.retryAfter("x", 1)).toBe(0);
    limiter.record("a", 0);
    limiter.record("b", 0);
    limiter.record("c", 0); // evicts the least recently used key, "a"
    expect(limiter.retryAfter("a", 1)).toBe(0);
    expect(limiter.retryAfter("c", 1)).toBe(1);
  });
});
