import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, call, client } from './api.ts';
import type { AppNotification } from './types.ts';

interface NotificationsState {
  items: AppNotification[] | undefined;
  error: unknown;
  unread: number;
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

  const reload = useCallback(async () => {
    try {
      // The first page (the newest 50) is what the bell and the page show; the count is of all.
      const body = await call(client.GET('/api/notifications'));
      setItems(body.notifications);
      setUnread(body.unread);
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

  const value = useMemo(
    () => ({ items, error, unread, reload, markRead }),
    [items, error, unread, reload, markRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
