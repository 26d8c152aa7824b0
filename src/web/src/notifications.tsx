import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from './api.ts';
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

  const reload = useCallback(async () => {
    try {
      const body = await api<{ notifications: AppNotification[] }>('/api/notifications');
      setItems(body.notifications);
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
    await api(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
    const now = new Date().toISOString();
    setItems((list) => list?.map((item) => (item.id === id ? { ...item, readAt: item.readAt ?? now } : item)));
  }, []);

  const value = useMemo(
    () => ({ items, error, unread: items?.filter((item) => !item.readAt && !item.resolvedAt).length ?? 0, reload, markRead }),
    [items, error, reload, markRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): NotificationsState {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
