"use client";
/**
 * Feedback attached to the session replay (H.addSessionFeedback). A small panel, not a
 * modal: the page stays usable, and sending never waits on the telemetry backend.
 */
import { useId, useState, type FormEvent } from "react";
import { sendFeedback } from "@/lib/observability/browser/highlight";

export function FeedbackWidget({ user }: { user: { name: string; email: string } | null }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const panelId = useId();
  const fieldId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const verbatim = String(new FormData(event.currentTarget).get("feedback") ?? "").trim();
    if (!verbatim) return setError("Write a few words before sending.");
    if (verbatim.length > 2000) return setError("Keep it under 2000 characters.");
    sendFeedback({ verbatim, userName: user?.name, userEmail: user?.email });
    setError(undefined);
    setSent(true);
    event.currentTarget.reset();
  }

  return (
    <div className="fixed right-4 bottom-4 z-40 flex flex-col items-end gap-2">
      {open && (
        <section id={panelId} aria-label="Send feedback" className="w-80 rounded-xl bg-white p-4 shadow-lg ring-1 ring-zinc-200">
          {sent ? (
            <div role="status" className="space-y-3 text-sm">
              <p className="font-semibold text-zinc-950">Thanks! Your feedback was sent.</p>
              <button type="button" className="font-semibold text-indigo-600 hover:text-indigo-500" onClick={() => setSent(false)}>
                Send more
              </button>
            </div>
          ) : (
            <form onSubmit={submit} noValidate className="space-y-3">
              <label htmlFor={fieldId} className="block text-sm font-medium text-zinc-800">
                What can we do better?
              </label>
              <textarea
                id={fieldId}
                name="feedback"
                rows={4}
                maxLength={2000}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${fieldId}-error` : undefined}
                className="block w-full rounded-md border-0 px-3 py-2 text-sm text-zinc-900 ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600 aria-[invalid]:ring-red-500"
              />
              {error && (
                <p id={`${fieldId}-error`} className="text-sm text-red-600">
                  {error}
                </p>
              )}
              <p className="text-xs text-zinc-500">{user ? `Sent as ${user.email}.` : "Sent anonymously."}</p>
              <button
                type="submit"
                className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                Send feedback
              </button>
            </form>
          )}
        </section>
      )}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="rounded-full bg-zinc-900 px-4 py-2 text-sm font-semibold text-white shadow-lg hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900"
      >
        {open ? "Close feedback" : "Feedback"}
      </button>
    </div>
  );
}
