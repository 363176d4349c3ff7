import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/app/(auth)/_components/auth-form";
import { safeReturnPath } from "@/lib/safe-return-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const next = safeReturnPath((await searchParams).next);
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-950">Sign in to your account</h1>
      <AuthForm mode="sign-in" next={next} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        New here?{" "}
        <Link href={`/sign-up?next=${encodeURIComponent(next)}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
          Create an account
        </Link>
      </p>
    </>
  );
}
