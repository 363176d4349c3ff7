import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/app/(auth)/_components/auth-form";
import { safeReturnPath } from "@/lib/safe-return-path";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  const next = safeReturnPath((await searchParams).next);
  return (
    <>
      <h1 className="text-xl font-semibold text-zinc-950">Create your account</h1>
      <AuthForm mode="sign-up" next={next} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link href={`/sign-in?next=${encodeURIComponent(next)}`} className="font-semibold text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </>
  );
}
