"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { api, firstErrors } from "@/lib/api-client";
import { identifyUser } from "@/lib/observability/browser/highlight";

type Mode = "sign-in" | "sign-up";
type User = { id: string; email: string; name: string };

const COPY = {
  "sign-in": { endpoint: "/api/auth/login", submit: "Sign in", busy: "Signing in…" },
  "sign-up": { endpoint: "/api/auth/signup", submit: "Create account", busy: "Creating account…" },
} as const;

export function AuthForm({ mode, next }: { mode: Mode; next: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const copy = COPY[mode];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFields({});
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const result = await api<{ user: User }>(copy.endpoint, { body: form });
    if (!result.ok) {
      setBusy(false);
      setError(result.error.error);
      setFields(firstErrors(result.error.fields));
      return;
    }
    identifyUser(result.data.user);
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-describedby={error ? "auth-error" : undefined}>
      {error && (
        <div id="auth-error">
          <Alert>{error}</Alert>
        </div>
      )}
      {mode === "sign-up" && <Field label="Name" name="name" autoComplete="name" required error={fields.name} />}
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
        required
        minLength={mode === "sign-up" ? 8 : undefined}
        hint={mode === "sign-up" ? "At least 8 characters." : undefined}
        error={fields.password}
      />
      <Button type="submit" className="w-full" disabled={busy} aria-busy={busy}>
        {busy ? copy.busy : copy.submit}
      </Button>
    </form>
  );
}
