import { internalPath } from '../alerts.ts';
import { BellIcon, SlidersIcon } from '../components/icons.tsx';
import { useAction } from '../components/action.ts';
import { EmptyState, ErrorPanel, Loading, PageHeader, ShowMore } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useNotifications } from '../notifications.tsx';
import { Link } from '../router.tsx';
import { isServerPath, pathFor } from '../paths.ts';
import './Notifications.css';

export function NotificationsPage() {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  const notifications = useNotifications();
  const { items, error, unread, refetch, markRead } = notifications;
  // "Mark all read" is one action over several ids: the service marks one at a time.
  const mark = useAction({
    run: async (ids: string[]) => {
      for (const id of ids) await markRead(id);
    },
  });

  const isNew = (item: { readAt: string | null; resolvedAt?: string | null }) => !item.readAt && !item.resolvedAt;
  const actionPath = (item: { actionPath?: string; profileId: string | null }) =>
    internalPath(item.actionPath) ?? (item.profileId ? pathFor('metaUser', { id: item.profileId }) : undefined);
  const unreadIds = items?.filter(isNew).map((item) => item.id) ?? [];
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        intro={t('notifications.intro')}
        actions={
          <>
            <Link to={pathFor('alertPreferences')} className="btn btn-ghost">
              <SlidersIcon />
              {t('notifications.preferencesLink')}
            </Link>
            {unread > 0 && (
              <button type="button" className="btn btn-secondary" onClick={() => mark.run(unreadIds)} disabled={mark.busy}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </>
        }
      />
      {error && !items ? (
        <ErrorPanel error={error} onRetry={() => void refetch()} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('notifications.emptyTitle')} icon={<BellIcon />}>
          <p>{t('notifications.empty')}</p>
        </EmptyState>
      ) : (
        <>
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
                  {(item.profileName || item.cause || (item.impact && (!item.resolvedAt || item.type === 'token_recovered'))) && (
                    <dl className="notification-facts">
                      {item.profileName && (
                        <div>
                          <dt>{t('notifications.profile')}</dt>
                          <dd>{item.profileName}</dd>
                        </div>
                      )}
                      {item.cause && (
                        <div>
                          <dt>{t('notifications.cause')}</dt>
                          <dd>{item.cause}</dd>
                        </div>
                      )}
                      {/* What stops working no longer applies once the problem is resolved. */}
                      {item.impact && (!item.resolvedAt || item.type === 'token_recovered') && (
                        <div>
                          <dt>{item.type === 'token_recovered' ? t('notifications.impactRecovered') : t('notifications.impact')}</dt>
                          <dd>{item.impact}</dd>
                        </div>
                      )}
                    </dl>
                  )}
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
                  {/* An open problem reconnects in one click (Meta's dialog, then back to the profile). */}
                  {!item.resolvedAt && actionPath(item) && isServerPath(actionPath(item) as string) ? (
                    <>
                      <a href={actionPath(item)} className="btn btn-primary btn-sm" aria-describedby={item.profileName ? `hint-${item.id}` : undefined}>
                        {t('notifications.reconnect')}
                        {item.profileName && <span className="visually-hidden"> — {item.profileName}</span>}
                      </a>
                      {item.profileName && (
                        <span id={`hint-${item.id}`} className="notification-hint">
                          {t('reconnect.logInAs', { name: item.profileName })}
                        </span>
                      )}
                    </>
                  ) : (
                    !item.resolvedAt &&
                    actionPath(item) && (
                      <Link to={actionPath(item) as string} className="btn btn-primary btn-sm">
                        {t('notifications.openProfile')}
                      </Link>
                    )
                  )}
                  {item.resolvedAt && item.profileId && (
                    <Link to={pathFor('metaUser', { id: item.profileId })} className="btn btn-secondary btn-sm">
                      {t('notifications.openProfile')}
                    </Link>
                  )}
                  {isNew(item) && (
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => mark.run([item.id])} disabled={mark.busy}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </div>
              </li>
            ))}
        </ul>
        <ShowMore paged={notifications} />
        </>
      )}
    </>
  );
}
