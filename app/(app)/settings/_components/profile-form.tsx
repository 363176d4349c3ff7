"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { api, firstErrors } from "@/lib/api-client";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ tone: "error" | "success"; message: string }>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setStatus(undefined);
    setFields({});
    const result = await api("/api/me", { method: "PATCH", body: Object.fromEntries(new FormData(event.currentTarget)) });
    setBusy(false);
    if (!result.ok) {
      setFields(firstErrors(result.error.fields));
      return setStatus({ tone: "error", message: result.error.error });
    }
    setStatus({ tone: "success", message: "Profile saved." });
    router.refresh();
  }

  return (
    <form onSubmit={save} noValidate className="mt-4 space-y-4">
      {status && <Alert tone={status.tone}>{status.message}</Alert>}
      <Field label="Name" name="name" defaultValue={name} required maxLength={80} autoComplete="name" error={fields.name} />
      <Field label="Email" name="email" defaultValue={email} disabled hint="Email changes are not supported in this demo." />
      <Button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? "Saving…" : "Save profile"}
      </Button>
    </form>
  );
}
