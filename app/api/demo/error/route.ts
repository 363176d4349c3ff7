import { apiRoute } from "@/lib/http";

/** Throws on purpose, so you can see an error linked to your session, trace and logs. */
export const GET = apiRoute(() => {
  throw new Error("Demo error: thrown on purpose by GET /api/demo/error");
});
