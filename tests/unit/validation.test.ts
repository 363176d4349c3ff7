import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/http";
import { safeReturnPath } from "@/lib/safe-return-path";
import { idSchema, signUpSchema } from "@/lib/validation";
import { parseHighlightHeader } from "@/lib/observability/shared/correlation";

describe("input validation", () => {
  it("normalises a valid sign-up", () => {
    expect(signUpSchema.parse({ name: " Ada ", email: " Ada@Example.COM ", password: "12345678" })).toEqual({
      name: "Ada",
      email: "ada@example.com",
      password: "12345678",
    });
  });

  it("gives one message per bad field", () => {
    const result = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrors(result.error)).toEqual({
      name: ["Name is required."],
      email: ["Enter a valid email address."],
      password: ["Use at least 8 characters."],
    });
  });

  it("accepts only id-shaped route params", () => {
    expect(idSchema.safeParse("cmwvmc1vl0000yh7dp756hlyt").success).toBe(true);
    expect(idSchema.safeParse("../etc/passwd").success).toBe(false);
  });
});

describe("safeReturnPath", () => {
  it.each([
    [undefined, "/dashboard"],
    ["/settings?tab=1", "/settings?tab=1"],
    ["https://evil.example", "/dashboard"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    // Control characters a browser strips, turning the path into a protocol-relative URL.
    ["/\t/evil.example/x", "/dashboard"],
    ["/\n/evil.example/x", "/dashboard"],
    ["/\r/evil.example/x", "/dashboard"],
    [decodeURIComponent("/%09/evil.example/x"), "/dashboard"],
    ["/dashboard/../settings", "/settings"],
  ])("%s → %s", (input, expected) => expect(safeReturnPath(input)).toBe(expected));
});

describe("parseHighlightHeader", () => {
  it("splits <session>/<request>", () => {
    expect(parseHighlightHeader("abc123/req-9")).toEqual({ sessionId: "abc123", requestId: "req-9" });
  });
  it.each([[undefined], [""], ["no-slash"], ["a/b/c"], ["<script>/x"]])("ignores %s", (value) => {
    expect(parseHighlightHeader(value)).toEqual({});
  });
});
