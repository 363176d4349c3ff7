import type { Metadata } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { Providers } from "@/app/providers";
import { env } from "@/lib/env";
import { browserObservability } from "@/lib/observability/server/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Acme Cloud", template: "%s · Acme Cloud" },
  description: "A reference SaaS app with full-stack Highlight observability.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <Providers observability={browserObservability(env())}>{children}</Providers>
      </body>
    </html>
  );
}
