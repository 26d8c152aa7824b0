import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useMemo } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list as pages show it: the first page, then the next ones on request ("Show
 * more", `fetchNextPage`). Every list of the API pages the same way (`after` = the previous
 * `nextCursor`, null on the last page), so this is the one place that knows it.
 */
export function usePagedQuery<T>(queryKey: QueryKey, loadPage: (after: string | undefined, signal: AbortSignal) => Promise<Page<T>>, options: { enabled?: boolean } = {}) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => loadPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    ...options,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items), [query.data]);
  return { ...query, items };
}
