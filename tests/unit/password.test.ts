import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterz", stored)).toBe(false);
  });

  it("stores scrypt parameters and a random salt, never the password", async () => {
    const [a, b] = await Promise.all([hashPassword("same-password"), hashPassword("same-password")]);
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[^$]+\$[^$]+$/);
    expect(a).not.toEqual(b);
    expect(a).not.toContain("same-password");
  });

  it("treats a malformed stored hash as a failed match, not an exception", async () => {
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1$1$1$zz$zz")).toBe(false);
  });

  it("uses OWASP's scrypt cost (N = 2^17, r = 8, p = 1) and flags older hashes for a rehash", async () => {
    const stored = await hashPassword("costly-password");
    expect(stored.startsWith("scrypt$131072$8$1$")).toBe(true);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash("scrypt$16384$8$1$c2FsdA==$aGFzaA==")).toBe(true);
  });
});
