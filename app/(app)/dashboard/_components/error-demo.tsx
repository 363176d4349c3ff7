"use client";
/**
 * Three ways to produce an error linked to your session: a route handler that throws inside
 * withHighlight, a server component that throws (reported by onRequestError), and a render
 * error in this widget (caught by its ErrorBoundary).
 */
import { ErrorBoundary } from "@highlight-run/react";
import { useState } from "react";
import { Alert, Button, ButtonLink, Card } from "@/components/ui";
import { api } from "@/lib/api-client";

function CrashButton() {
  const [crash, setCrash] = useState(false);
  if (crash) throw new Error("Demo error: thrown on purpose while rendering the dashboard widget");
  return (
    <Button variant="danger" onClick={() => setCrash(true)}>
      Throw in a client component
    </Button>
  );
}

export function ErrorDemo() {
  const [serverResult, setServerResult] = useState<string>();

  async function serverError() {
    const result = await api("/api/demo/error");
    setServerResult(result.ok ? "Unexpected success." : `Server answered ${result.status}; request id ${result.error.requestId ?? "unknown"}.`);
  }

  return (
    <Card aria-labelledby="error-demo" className="mt-8">
      <h2 id="error-demo" className="font-semibold text-zinc-950">
        See an error in Highlight
      </h2>
      <p className="mt-1 text-sm text-zinc-600">Each error is reported with this session, so the replay leads to it.</p>
      <div className="mt-4 flex flex-wrap gap-3">
        <Button variant="secondary" onClick={serverError}>
          Trigger a server error
        </Button>
        <ButtonLink variant="secondary" href="/dashboard/render-error">
          Open a page that fails to render
        </ButtonLink>
        <ErrorBoundary
          showDialog={false}
          fallback={({ resetError }) => (
            <div role="alert" className="flex items-center gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              This widget crashed and the error was reported.
              <button type="button" onClick={resetError} className="font-semibold underline">
                Reset widget
              </button>
            </div>
          )}
        >
          <CrashButton />
        </ErrorBoundary>
      </div>
      {serverResult && (
        <div className="mt-4">
          <Alert tone="info">{serverResult}</Alert>
        </div>
      )}
    </Card>
  );
}
