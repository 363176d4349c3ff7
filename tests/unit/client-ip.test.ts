import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/client-ip";

const request = (forwardedFor?: string) => new Request("http://localhost/", { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });

describe("clientIp", () => {
  it("trusts no forwarded header without a configured proxy", () => {
    expect(clientIp(request("203.0.113.9"), 0)).toBe("unknown");
    expect(clientIp(request(), 0)).toBe("unknown");
  });

  it("takes the address our own proxies appended, not what the client wrote before it", () => {
    expect(clientIp(request("203.0.113.9"), 1)).toBe("203.0.113.9");
    // A client that sends its own X-Forwarded-For only adds entries on the left.
    expect(clientIp(request("1.1.1.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(request("evil, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("is unknown when the chain is shorter than the proxies that should have written it", () => {
    expect(clientIp(request(), 1)).toBe("unknown");
    expect(clientIp(request("10.0.0.2"), 2)).toBe("unknown");
  });
});
