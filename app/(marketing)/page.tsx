import { ButtonLink } from "@/components/ui";

const FEATURES = [
  { title: "Session replay", body: "See exactly what a user saw, with inputs masked and auth requests never recorded." },
  { title: "Server traces", body: "Every API call carries the browser session id into its OpenTelemetry spans." },
  { title: "Correlated logs", body: "Each log line names its trace, span and session, so one click gets you from replay to log." },
];

export default function LandingPage() {
  return (
    <>
      <section className="mx-auto max-w-5xl px-4 py-20 text-center sm:py-28">
        <h1 className="text-4xl font-bold tracking-tight text-zinc-950 sm:text-6xl">Ship projects. See every step.</h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-zinc-600">
          Acme Cloud is a small project-tracking SaaS, built as a reference for wiring Highlight through a real Next.js app: one
          user action, followed from the session replay to the server trace to the log lines.
        </p>
        <div className="mt-10 flex flex-wrap justify-center gap-3">
          <ButtonLink href="/sign-up">Start for free</ButtonLink>
          <ButtonLink href="/pricing" variant="secondary">
            See pricing
          </ButtonLink>
        </div>
      </section>
      <section aria-labelledby="features" className="border-t border-zinc-200 bg-white">
        <div className="mx-auto max-w-5xl px-4 py-16">
          <h2 id="features" className="sr-only">
            Features
          </h2>
          <ul className="grid gap-8 sm:grid-cols-3">
            {FEATURES.map((feature) => (
              <li key={feature.title}>
                <h3 className="font-semibold text-zinc-950">{feature.title}</h3>
                <p className="mt-2 text-sm text-zinc-600">{feature.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>
    </>
  );
}
