import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Render error demo" };

/**
 * Fails while rendering on the server, on purpose: Next.js hands the error to onRequestError
 * (instrumentation.ts), which reports it with the session that proxy.ts forwarded, and
 * app/error.tsx shows the recovery screen.
 */
export default async function RenderErrorDemoPage() {
  await requireUser("/dashboard/render-error");
  throw new Error("Demo error: thrown on purpose while rendering a server component");
}
