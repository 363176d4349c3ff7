import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";

// The HTTP contract against the real server: client mistakes are 4xx with a message, never 500.
test("API: bad input is a clear 4xx", async ({ request }) => {
  const signup = await request.post("/api/auth/signup", { data: { name: "", email: "x", password: "1" } });
  expect(signup.status()).toBe(400);
  expect(Object.keys((await signup.json()).fields).sort()).toEqual(["email", "name", "password"]);

  const wrongType = await request.post("/api/auth/login", { headers: { "content-type": "text/plain" }, data: "hello" });
  expect(wrongType.status()).toBe(415);

  const malformed = await request.post("/api/auth/login", { headers: { "content-type": "application/json" }, data: "{oops" });
  expect(malformed.status()).toBe(400);

  const huge = await request.post("/api/auth/signup", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ name: "a".repeat(100_000) }),
  });
  expect(huge.status()).toBe(413);

  expect((await request.get("/api/me")).status()).toBe(401);
  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ status: "ok" });
  expect(health.headers()["x-request-id"]).toBeTruthy();
});

test("API: cross-site mutations are refused (CSRF)", async ({ request }) => {
  const res = await request.post("/api/projects", { headers: { origin: "https://evil.example" }, data: { name: "x" } });
  expect(res.status()).toBe(403);
});

test("browser source maps are built but not served publicly", async ({ request }) => {
  const index = JSON.parse(readFileSync(".next/sourcemaps/index.json", "utf8")) as Record<string, string>;
  const [bundle, map] = Object.entries(index).find(([file]) => file.endsWith(".js"))!;
  const script = await request.get(`/_next/static/${bundle}`);
  expect(script.status()).toBe(200);
  expect(await script.text()).not.toContain("sourceMappingURL");
  expect((await request.get(`/_next/static/${map}`)).status()).toBe(404);
});
