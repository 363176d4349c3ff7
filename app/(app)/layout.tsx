import Link from "next/link";
import { FeedbackWidget } from "@/components/feedback-widget";
import { IdentifyUser } from "@/lib/observability/browser/identify-user";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Logo } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { redirect } from "next/navigation";

const NAV = [
  { href: "/dashboard", label: "Projects" },
  { href: "/team", label: "Team" },
  { href: "/activity", label: "Activity" },
  { href: "/pricing", label: "Plans" },
  { href: "/settings", label: "Settings" },
] as const;

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  // proxy.ts redirects visitors without a cookie; this catches expired or revoked sessions.
  if (!user) redirect("/sign-in");
  return (
    <div className="min-h-screen">
      <IdentifyUser user={{ id: user.id, email: user.email, name: user.name }} />
      <header className="border-b border-zinc-200 bg-white">
        <nav aria-label="App" className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-6">
            <Logo />
            <ul className="flex gap-4 text-sm font-medium text-zinc-700">
              {NAV.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="hover:text-zinc-950">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-zinc-600 sm:inline" data-testid="user-email">
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-10">{children}</main>
      <FeedbackWidget user={{ name: user.name, email: user.email }} />
    </div>
  );
}
