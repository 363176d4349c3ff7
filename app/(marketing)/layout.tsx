import Link from "next/link";
import { FeedbackWidget } from "@/components/feedback-widget";
import { IdentifyUser } from "@/lib/observability/browser/identify-user";
import { ButtonLink, Logo } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";

export default async function MarketingLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  return (
    <div className="flex min-h-screen flex-col">
      {user && <IdentifyUser user={{ id: user.id, email: user.email, name: user.name }} />}
      <header className="border-b border-zinc-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-4">
          <Logo />
          <div className="flex items-center gap-4 text-sm">
            <Link href="/pricing" className="font-medium text-zinc-700 hover:text-zinc-950">
              Pricing
            </Link>
            {user ? (
              <ButtonLink href="/dashboard">Dashboard</ButtonLink>
            ) : (
              <>
                <Link href="/sign-in" className="font-medium text-zinc-700 hover:text-zinc-950">
                  Sign in
                </Link>
                <ButtonLink href="/sign-up">Get started</ButtonLink>
              </>
            )}
          </div>
        </nav>
      </header>
      <main className="flex-1">{children}</main>
      <FeedbackWidget user={user && { name: user.name, email: user.email }} />
      <footer className="border-t border-zinc-200 py-6 text-center text-sm text-zinc-500">
        Acme Cloud: a reference app for full-stack Highlight observability.
      </footer>
    </div>
  );
}
