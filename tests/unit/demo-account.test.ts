import { describe, expect, it } from "vitest";
import { demoAccountAllowed } from "@/prisma/seed-data";

describe("demoAccountAllowed (the seed's rule for the published demo password)", () => {
  it("allows it in the embedded database and on a server on this machine, outside production", () => {
    expect(demoAccountAllowed("development", "file:./prisma/pgdata")).toBe(true);
    expect(demoAccountAllowed("test", "postgres://postgres@127.0.0.1:54329/e2e")).toBe(true);
    expect(demoAccountAllowed(undefined, "postgresql://app@localhost/app")).toBe(true);
  });

  it("refuses it with NODE_ENV=production or on a database elsewhere", () => {
    expect(demoAccountAllowed("production", "file:./prisma/pgdata")).toBe(false);
    expect(demoAccountAllowed("production", "postgres://postgres@127.0.0.1/app")).toBe(false);
    expect(demoAccountAllowed("development", "postgres://app:pw@db.internal:5432/app")).toBe(false);
    expect(demoAccountAllowed("development", "postgres://app@ep-cool-name.eu-central-1.aws.neon.tech/app?sslmode=require")).toBe(false);
  });
});
