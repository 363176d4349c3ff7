import { PageSkeleton } from "@/components/page-skeleton";

export default function SettingsLoading() {
  return <PageSkeleton label="Loading settings" />;
}
