import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, call, client } from './api.ts';
import { queryKeys } from './queries/keys.ts';

type NotificationsPage = Awaited<ReturnType<typeof loadPage>>;

const POLL_MS = 30_000;

async function loadPage(after: string | undefined, signal: AbortSignal) {
  try {
    return await call(client.GET('/api/notifications', { params: { query: after ? { after } : {} }, signal }));
  } catch (failure) {
    // A service without notifications yet (404) just shows none.
    if (failure instanceof ApiError && failure.status === 404) return { notifications: [], nextCursor: null, unread: 0 };
    throw failure;
  }
}

/**
 * The member's notifications, shared by the bell and the Notifications page through one cached
 * query: the newest 50, older ones a page at a time ("Show more"), every page read again every
 * 30 s while the tab is visible and when it becomes visible again. `unread` is of all of them.
 */
export function useNotifications() {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: queryKeys.notifications(),
    queryFn: ({ pageParam, signal }) => loadPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
  const pages = query.data?.pages;
  const items = pages?.flatMap((page) => page.notifications).filter((item, index, all) => all.findIndex((other) => other.id === item.id) === index);

  const markRead = useCallback(
    async (id: string) => {
      await call(client.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
      const now = new Date().toISOString();
      // Marked here at once (the bell's count too) rather than waiting for the next poll.
      queryClient.setQueryData<InfiniteData<NotificationsPage, string | undefined>>(queryKeys.notifications(), (data) => {
        if (!data) return data;
        const before = data.pages.flatMap((page) => page.notifications).find((item) => item.id === id);
        const wasUnread = Boolean(before && !before.readAt && !before.resolvedAt);
        return {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            unread: wasUnread ? Math.max(0, page.unread - 1) : page.unread,
            notifications: page.notifications.map((item) => (item.id === id ? { ...item, readAt: item.readAt ?? now } : item)),
          })),
        };
      });
    },
    [queryClient],
  );

  return { ...query, items, unread: pages?.[0]?.unread ?? 0, markRead };
}
