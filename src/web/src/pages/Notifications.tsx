import { useState } from 'react';
import { BellIcon } from '../components/icons.tsx';
import { useToast } from '../components/toasts.tsx';
import { EmptyState, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { useNotifications } from '../notifications.tsx';
import { Link } from '../router.tsx';

export function NotificationsPage() {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  const toast = useToast();
  const { items, error, unread, reload, markRead } = useNotifications();
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const mark = async (ids: string[]) => {
    setBusy(ids.length === 1 ? ids[0] : 'all');
    try {
      for (const id of ids) await markRead(id);
    } catch (failure) {
      toast('danger', errorText(i18n, failure));
    } finally {
      setBusy(undefined);
    }
  };

  const isNew = (item: { readAt: string | null; resolvedAt?: string | null }) => !item.readAt && !item.resolvedAt;
  const unreadIds = items?.filter(isNew).map((item) => item.id) ?? [];
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        intro={t('notifications.intro')}
        actions={
          unread > 0 ? (
            <button type="button" className="btn btn-secondary" onClick={() => void mark(unreadIds)} disabled={busy !== undefined}>
              {t('notifications.markAllRead')}
            </button>
          ) : undefined
        }
      />
      {error !== undefined && !items ? (
        <ErrorPanel error={error} onRetry={() => void reload()} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('notifications.emptyTitle')} icon={<BellIcon />}>
          <p>{t('notifications.empty')}</p>
        </EmptyState>
      ) : (
        <ul className="notification-list" aria-label={t('notifications.title')}>
          {[...items]
            .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
            .map((item) => (
              <li
                key={item.id}
                className={`notification card${isNew(item) ? ' notification-unread' : ''}`}
                data-testid="notification"
                data-type={item.type}
                data-state={item.resolvedAt ? 'resolved' : item.readAt ? 'read' : 'unread'}
              >
                <span className="notification-dot" aria-hidden="true" />
                <div className="notification-body">
                  <p className="notification-message">
                    {isNew(item) && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                    {item.message}
                  </p>
                  <p className="notification-meta">
                    <time dateTime={item.createdAt} title={dateTime(item.createdAt)}>
                      {relative(item.createdAt)}
                    </time>
                    {item.resolvedAt && (
                      <>
                        {' · '}
                        <span className="pill pill-granted">{t('notifications.resolved')}</span>
                      </>
                    )}
                  </p>
                </div>
                <div className="notification-actions">
                  {item.metaUserId && !item.resolvedAt && (
                    <Link to={`/meta-users/${encodeURIComponent(item.metaUserId)}`} className="btn btn-primary btn-sm">
                      {t('notifications.openProfile')}
                    </Link>
                  )}
                  {isNew(item) && (
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => void mark([item.id])} disabled={busy !== undefined}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </div>
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
