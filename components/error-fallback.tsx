"use client";
import { Button } from "@/components/ui";

export function ErrorFallback({ error, reset }: { error: unknown; reset: () => void }) {
  const digest = (error as { digest?: string } | null)?.digest;
  return (
    <div role="alert" className="mx-auto my-16 max-w-md rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-zinc-200">
      <h2 className="text-lg font-semibold">Something went wrong</h2>
      <p className="mt-2 text-sm text-zinc-600">
        The error was reported to the team{digest ? ` (reference ${digest})` : ""}. You can try again.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
