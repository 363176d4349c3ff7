import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { apiRoute } from "@/lib/http";
import { logger } from "@/lib/observability/server/logger";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  try {
    await db.$queryRaw`SELECT 1`;
    return NextResponse.json({ status: "ok" });
  } catch (error) {
    logger.error("health check: database unreachable", { error: (error as Error).message });
    return NextResponse.json({ status: "error", checks: { database: "unreachable" } }, { status: 503 });
  }
});
