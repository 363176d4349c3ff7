import { describe, expect, it } from "vitest";
import { appEnv, composeEnv, parseComposeArgs, UsageError } from "@/scripts/generate-highlight-compose";

const good = ["--domain", "obs.example.com", "--admin-email", "ops@example.com", "--license-key", "KEY-123", "--storage", "local"];
const withArg = (flag: string, value: string) => {
  const args = [...good];
  args[args.indexOf(flag) + 1] = value;
  return args;
};
const lines = (text: string) => new Set(text.split("\n"));

describe("highlight:compose arguments", () => {
  it("accepts every flag", () => {
    expect(parseComposeArgs([...good, "--out", "highlight.env", "--force"])).toEqual({
      domain: "obs.example.com",
      "admin-email": "ops@example.com",
      "license-key": "KEY-123",
      storage: "local",
      out: "highlight.env",
      force: true,
    });
    expect(parseComposeArgs(good).force).toBe(false);
  });

  it.each([
    ["--domain", "https://obs.example.com", /--domain: must be a bare host name/],
    ["--domain", "obs.example.com/path", /--domain/],
    ["--domain", "obs.example.com:8443", /--domain/],
    ["--admin-email", "ops-at-example.com", /--admin-email: must be an email address/],
    ["--license-key", "  ", /--license-key: must not be empty/],
    ["--license-key", "KEY-1\nADMIN_PASSWORD=evil", /--license-key: must not contain control characters/],
    ["--license-key", "KEY-1\rX", /--license-key: must not contain control characters/],
    ["--storage", "ftp", /--storage: must be one of: local, s3, gcs/],
  ])("%s %s is refused with a message naming the flag", (flag, value, message) => {
    expect(() => parseComposeArgs(withArg(flag, value))).toThrow(UsageError);
    expect(() => parseComposeArgs(withArg(flag, value))).toThrow(message);
  });

  it("names missing and unknown flags", () => {
    expect(() => parseComposeArgs(good.slice(2))).toThrow(/--domain: is required/);
    expect(() => parseComposeArgs([...good, "--bogus"])).toThrow(UsageError);
  });
});

describe("highlight:compose output", () => {
  it("writes the compose env for the domain", () => {
    const env = lines(composeEnv(parseComposeArgs(good)));
    for (const line of [
      "ADMIN_EMAIL=ops@example.com",
      "LICENSE_KEY=KEY-123",
      "REACT_APP_FRONTEND_URI=https://obs.example.com",
      "REACT_APP_PUBLIC_GRAPH_URI=https://obs.example.com/public",
      "REACT_APP_PRIVATE_GRAPH_URI=https://obs.example.com/private",
      "SSL=true",
      "IN_DOCKER=true",
      "OBJECT_STORAGE_FS=/highlight-data",
    ]) {
      expect(env.has(line), line).toBe(true);
    }
  });

  it.each(["s3", "gcs"])("%s storage: no filesystem path, and placeholders for its credentials and buckets", (storage) => {
    const env = composeEnv(parseComposeArgs(withArg("--storage", storage)));
    expect(lines(env).has("OBJECT_STORAGE_FS=")).toBe(true);
    expect(env).toMatch(/^AWS_ACCESS_KEY_ID=<.+>$/m);
    expect(env).toMatch(/^AWS_S3_BUCKET_NAME_NEW=<.+>$/m);
    if (storage === "gcs") expect(env).toContain("AWS_ENDPOINT_URL=https://storage.googleapis.com");
  });

  it("prints the matching app-side env", () => {
    expect(lines(appEnv({ domain: "obs.example.com" }))).toEqual(
      new Set([
        "NEXT_PUBLIC_HIGHLIGHT_BACKEND_URL=https://obs.example.com/public",
        "NEXT_PUBLIC_HIGHLIGHT_OTLP_ENDPOINT=https://obs.example.com:4318",
        "HIGHLIGHT_OTLP_ENDPOINT=https://obs.example.com:4318",
        "NEXT_PUBLIC_HIGHLIGHT_PROJECT_ID=<the project id shown in your Highlight's settings>",
        "",
      ]),
    );
  });
});

describe("highlight:compose CLI", () => {
  it("never overwrites a file without --force, and exits 1 on bad input", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "compose-"));
    const out = path.join(dir, "highlight.env");
    writeFileSync(out, "keep me");
    const run = (args: string[]) => {
      try {
        execFileSync("node_modules/.bin/tsx", ["scripts/generate-highlight-compose.ts", ...args], { stdio: "pipe" });
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    };
    expect(run([...good, "--out", out])).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(run([...good, "--out", out, "--force"])).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("ADMIN_EMAIL=ops@example.com");
    expect(run(withArg("--storage", "tape"))).toBe(1);
  });
});
