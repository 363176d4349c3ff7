import { PageSkeleton } from "@/components/page-skeleton";

export default function TeamLoading() {
  return <PageSkeleton label="Loading team" />;
}
