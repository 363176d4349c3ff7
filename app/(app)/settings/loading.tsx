export default function SettingsLoading() {
  return (
    <div role="status" aria-label="Loading settings" className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-zinc-200" />
      <div className="h-32 rounded-xl bg-zinc-200" />
      <div className="h-16 rounded-xl bg-zinc-200" />
      <div className="h-16 rounded-xl bg-zinc-200" />
    </div>
  );
}
