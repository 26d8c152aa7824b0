import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, call, client } from './api.ts';
import type { AppNotification } from './types.ts';

interface NotificationsState {
  items: AppNotification[] | undefined;
  error: unknown;
  unread: number;
  /** Older notifications, a page at a time (the first page is the newest 50). */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): Promise<void>;
  reload(): Promise<void>;
  markRead(id: string): Promise<void>;
}

const NotificationsContext = createContext<NotificationsState | undefined>(undefined);
const POLL_MS = 30_000;

/** The member's notifications, shared by the bell and the Notifications page; refreshed every 30 s. */
export function NotificationsProvider({ children, pathname }: { children: ReactNode; pathname: string }) {
  const [items, setItems] = useState<AppNotification[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [unread, setUnread] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const olderLoaded = useRef(false);

  const reload = useCallback(async () => {
    try {
      // The first page (the newest 50) is what the bell and the page show; the count is of all.
      const body = await call(client.GET('/api/notifications'));
      // A refresh renews the newest page and keeps the older pages already shown ("Show more").
      const fresh = body.notifications;
      const oldestFresh = fresh[fresh.length - 1]?.createdAt;
      setItems((list) => (olderLoaded.current && list && oldestFresh ? [...fresh, ...list.filter((item) => item.createdAt < oldestFresh && !fresh.some((f) => f.id === item.id))] : fresh));
      setUnread(body.unread);
      if (!olderLoaded.current) setNext(body.nextCursor);
      setError(undefined);
    } catch (failure) {
      // A service without notifications yet (404) just shows none.
      if (failure instanceof ApiError && failure.status === 404) setItems([]);
      else setError(failure);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload, pathname]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const markRead = useCallback(async (id: string) => {
    await call(client.POST('/api/notifications/{id}/read', { params: { path: { id } } }));
    const now = new Date().toISOString();
    setItems((list) => {
      const before = list?.find((item) => item.id === id);
      if (before && !before.readAt && !before.resolvedAt) setUnread((n) => Math.max(0, n - 1));
      return list?.map((item) => (item.id === id ? { ...item, readAt: item.readAt ?? now } : item));
    });
  }, []);

  const loadMore = useCallback(async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const body = await call(client.GET('/api/notifications', { params: { query: { after: next } } }));
      setItems((list) => [...(list ?? []), ...body.notifications.filter((item) => !list?.some((known) => known.id === item.id))]);
      setUnread(body.unread);
      setNext(body.nextCursor);
      olderLoaded.current = true;
    } finally {
      setLoadingMore(false);
    }
  }, [next]);

  const value = useMemo(
    () => ({ items, error, unread, hasMore: next !== null, loadingMore, loadMore, reload, markRead }),
    [items, error, unread, next, loadingMore, loadMore, reload, markRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
