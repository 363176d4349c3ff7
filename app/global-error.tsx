"use client";
import { useEffect } from "react";
import { ErrorFallback } from "@/components/error-fallback";
import { reportError } from "@/lib/observability/browser/highlight";
import "./globals.css";

/** Replaces the root layout when it fails, so it renders its own <html>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => reportError(error, "app/global-error.tsx"), [error]);
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <ErrorFallback error={error} reset={reset} />
      </body>
    </html>
  );
}
