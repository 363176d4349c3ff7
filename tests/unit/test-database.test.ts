import path from "node:path";
import { describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/tests/support/test-database.mjs";

describe("testDatabaseUrl (TEST_DATABASE_URL / BENCH_DATABASE_URL)", () => {
  it("names a database of the suite's own on the server, or an embedded folder under .test", () => {
    expect(testDatabaseUrl("e2e", "postgres://postgres@127.0.0.1:54329/postgres")).toBe("postgres://postgres@127.0.0.1:54329/e2e");
    expect(testDatabaseUrl("bench", "postgresql://u:p@db:5432/x?sslmode=disable")).toBe("postgresql://u:p@db:5432/bench?sslmode=disable");
    expect(testDatabaseUrl("integration", "")).toBe(`file:${path.resolve(".test", "integration-pg")}`);
  });

  it("refuses anything but a PostgreSQL server URL, naming the variables", () => {
    for (const bad of ["mysql://app@db/app", "file:./x", "localhost:5432"]) {
      expect(() => testDatabaseUrl("e2e", bad), bad).toThrow(/TEST_DATABASE_URL \/ BENCH_DATABASE_URL must be a PostgreSQL server URL/);
    }
  });
});
