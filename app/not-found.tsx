import { ButtonLink } from "@/components/ui";

export default function NotFound() {
  return (
    <main className="mx-auto my-24 max-w-md text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-zinc-600">The page you are looking for does not exist or was moved.</p>
      <ButtonLink href="/" className="mt-6">
        Back home
      </ButtonLink>
    </main>
  );
}
