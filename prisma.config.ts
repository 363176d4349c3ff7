import "dotenv/config";
import { defineConfig } from "prisma/config";

// `env()` from prisma/config throws when DATABASE_URL is unset, which would break
// `npm install` on a fresh clone: fall back to the embedded default instead.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./prisma/pgdata" },
});
