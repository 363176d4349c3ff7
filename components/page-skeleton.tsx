/** The loading state of a signed-in page (loading.tsx), announced to screen readers. */
export function PageSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-zinc-200" />
      <div className="h-32 rounded-xl bg-zinc-200" />
      <div className="h-16 rounded-xl bg-zinc-200" />
      <div className="h-16 rounded-xl bg-zinc-200" />
    </div>
  );
}
