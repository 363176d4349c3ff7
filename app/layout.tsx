import type { Metadata } from "next";
import { connection } from "next/server";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { Providers } from "@/app/providers";
import { env } from "@/lib/env";
import { browserObservability } from "@/lib/observability/shared/settings";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Acme Cloud", template: "%s · Acme Cloud" },
  description: "A reference SaaS app with full-stack Highlight observability.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, never prerendered: every page gets the CSP nonce proxy.ts made for it,
  // and the telemetry settings of the running server.
  await connection();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <Providers observability={browserObservability(env())}>{children}</Providers>
      </body>
    </html>
  );
}
