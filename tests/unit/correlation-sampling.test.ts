import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHighlightHeader, resolveCorrelation, sessionIdFromCookieHeader } from "@/lib/observability/shared/correlation";
import { isSessionSampled } from "@/lib/observability/shared/sampling";

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("resolveCorrelation", () => {
  it("takes the SDK header first, then the session cookie", () => {
    expect(resolveCorrelation(headers({ "x-highlight-request": "sessA/req1", cookie: "sessionSecureID=sessB" }))).toEqual({
      sessionId: "sessA",
      requestId: "req1",
    });
    expect(resolveCorrelation(headers({ cookie: "session=abc.def; sessionSecureID=sessB; other=1" }))).toEqual({ sessionId: "sessB" });
    expect(resolveCorrelation(headers({}))).toEqual({});
  });

  it("ignores malformed values instead of trusting them", () => {
    for (const bad of ["", "a", "a/b/c", "a b/c", "/x", "x/", `${"a".repeat(65)}/b`, "sess/<script>"]) {
      expect(parseHighlightHeader(bad), bad).toEqual({});
    }
    expect(sessionIdFromCookieHeader("sessionSecureID=bad value")).toBeUndefined();
    expect(sessionIdFromCookieHeader("xsessionSecureID=abc")).toBeUndefined();
  });

  it("never throws, whatever the headers hold", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (header, cookie) => {
        const { sessionId, requestId } = resolveCorrelation(headers({ "x-highlight-request": header, cookie }));
        for (const id of [sessionId, requestId]) if (id !== undefined) expect(id).toMatch(/^[\w-]{1,64}$/);
      }),
    );
  });
});

describe("isSessionSampled", () => {
  it("is one decision per session: the same id always gets the same answer", () => {
    const id = randomUUID();
    const first = isSessionSampled(id, 0.5);
    for (let i = 0; i < 20; i++) expect(isSessionSampled(id, 0.5)).toBe(first);
  });

  it("keeps about `rate` of sessions, all at 1 and none at 0", () => {
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    for (const rate of [0.05, 0.2, 0.5]) {
      const share = ids.filter((id) => isSessionSampled(id, rate)).length / ids.length;
      expect(Math.abs(share - rate), `rate ${rate}`).toBeLessThan(0.015);
    }
    expect(ids.every((id) => isSessionSampled(id, 1))).toBe(true);
    expect(ids.some((id) => isSessionSampled(id, 0))).toBe(false);
  });

  it("is monotonic: a session sampled at a rate stays sampled at any higher rate", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (id, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        if (isSessionSampled(id, low)) expect(isSessionSampled(id, high)).toBe(true);
      }),
    );
  });
});
