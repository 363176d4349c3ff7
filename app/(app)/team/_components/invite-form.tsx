"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/components/ui";
import { api, firstErrors } from "@/lib/api-client";

/**
 * Owners invite by email; with no email server the link is shown here to pass on. It goes through
 * the REST endpoint, which the recorder never records (its answer holds the link), and the link is
 * masked in the replay.
 */
export function InviteForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<{ email: string; url: string }>();

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    setFields({});
    const result = await api<{ invitation: { email: string }; url: string }>("/api/team/invitations", {
      body: { email: data.get("email") ?? "", role: data.get("role") ?? "member" },
    });
    setBusy(false);
    if (!result.ok) {
      setFields(firstErrors(result.error.fields));
      return setError(result.error.error);
    }
    setSent({ email: result.data.invitation.email, url: result.data.url });
    form.reset();
    router.refresh();
  }

  return (
    <form onSubmit={invite} noValidate className="mt-4 space-y-4" aria-label="Invite a member">
      {error && <Alert>{error}</Alert>}
      {sent && (
        <Alert tone="success">
          Invitation for {sent.email} created. Send them this link (valid 7 days):{" "}
          <code className="highlight-mask break-all" data-testid="invitation-link">
            {sent.url}
          </code>
        </Alert>
      )}
      <Field label="Email" name="email" type="email" required maxLength={254} autoComplete="off" error={fields.email} />
      <div>
        <label htmlFor="role" className="block text-sm font-medium text-zinc-800">
          Role
        </label>
        <select id="role" name="role" defaultValue="member" className="mt-1 block w-full rounded-md border-0 px-2 py-2 text-sm ring-1 ring-inset ring-zinc-300">
          <option value="member">Member: works on projects</option>
          <option value="owner">Owner: also members and billing</option>
        </select>
      </div>
      <Button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? "Inviting…" : "Invite"}
      </Button>
    </form>
  );
}
