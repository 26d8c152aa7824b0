import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, call, client } from '../api.ts';
import { ConnectResult } from '../components/ConnectResult.tsx';
import { Expiry } from '../components/Expiry.tsx';
import { Permissions } from '../components/Permissions.tsx';
import { ProfileAssets } from '../components/ProfileAssets.tsx';
import { ImpactLine, ReconnectButton, Warnings } from '../components/ProfileActions.tsx';
import { ArrowLeftIcon } from '../components/icons.tsx';
import { SyncButton, SyncResult, useSyncNow } from '../components/SyncNow.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { useAction } from '../components/action.ts';
import { Alert, Avatar, Card, ErrorPanel, Loading, PageHeader, ShowMore, StatusBadge } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { canReconnect, canReconnectBusiness, causeText, kindKey, metaUserQuery } from '../metaUsers.ts';
import { pathFor } from '../paths.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { MetaUser } from '../types.ts';
import './MetaUserDetail.css';

function RemoveProfile({ user }: { user: MetaUser }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { navigate } = useRouter();
  const [confirming, setConfirming] = useState(false);
  const remove = useAction({
    run: () => call(client.DELETE('/api/meta-users/{id}', { params: { path: { id: user.id } } })),
    doneText: () => t('detail.removed', { name: user.name }),
    onDone: () => {
      navigate(pathFor('metaUsers'));
      // This profile's own queries are dropped (they would answer 404), the rest read again.
      queryClient.removeQueries({ queryKey: queryKeys.metaUsers.one(user.id) });
    },
    invalidates: [queryKeys.metaUsers.all],
  });
  const busy = remove.busy;
  return (
    <Card title={t('detail.removeTitle')} id="remove" className="card-danger-zone">
      <p className="muted">{t('detail.removeText')}</p>
      {confirming ? (
        <div className="form-actions" role="group" aria-label={t('detail.removeTitle')}>
          <p className="confirm-text">{t('detail.removeConfirm', { name: user.name })}</p>
          <button type="button" className="btn btn-danger" onClick={() => remove.run()} disabled={busy}>
            {t('detail.removeYes')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)} disabled={busy}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-danger-outline" onClick={() => setConfirming(true)}>
          {t('detail.remove')}
        </button>
      )}
    </Card>
  );
}


export function MetaUserDetailPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, dateTime, date, relative } = i18n;
  const { session } = useSession();
  const isAdmin = session.member.role === 'admin';
  const queryClient = useQueryClient();
  const user = useQuery(metaUserQuery(id));
  const events = usePagedQuery(queryKeys.metaUsers.events(id), async (after, signal) => {
    const page = await call(client.GET('/api/meta-users/{id}/events', { params: { path: { id }, query: after ? { after } : {} }, signal }));
    return { items: page.events, nextCursor: page.nextCursor };
  });
  const lastSync = useQuery({ queryKey: queryKeys.metaUsers.lastSync(id), queryFn: ({ signal }) => call(client.GET('/api/meta-users/{id}/sync', { params: { path: { id } }, signal })) });
  const sync = useSyncNow(id, (result) => {
    const updated = result.metaUser;
    if (updated) queryClient.setQueryData(queryKeys.metaUsers.one(id), { metaUser: updated });
    // Everything about profiles is read again: this one's timeline, last sync and assets, the
    // list, and the notice on every page (a profile found healthy again leaves it).
    void queryClient.invalidateQueries({ queryKey: queryKeys.metaUsers.all });
  });
  const profile = user.data?.metaUser;
  const back = (
    <Link to={pathFor('metaUsers')} className="back-link">
      <ArrowLeftIcon />
      {t('detail.back')}
    </Link>
  );

  if (!profile) {
    const missing = user.error instanceof ApiError && user.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? t('detail.notFoundTitle') : t('detail.titleLoading')} before={back} />
        {missing ? <Alert tone="warning"><p>{t('detail.notFound')}</p></Alert> : user.error ? <ErrorPanel error={user.error} onRetry={() => void user.refetch()} /> : <Loading />}
      </>
    );
  }

  const lastError = profile.lastError ? causeText(i18n, profile.lastError) : undefined;
  return (
    <>
      <PageHeader
        before={back}
        title={profile.name}
        intro={
          <span className="detail-sub">
            <StatusBadge status={profile.status} /> <span>{t(kindKey(profile))}</span> <span className="muted">· ID {profile.metaId}</span>
          </span>
        }
        actions={
          <>
            <SyncButton sync={sync} />
            {(canReconnect(profile) || canReconnectBusiness(profile, isAdmin)) && <ReconnectButton user={profile} className="btn btn-primary" hint />}
            {/* An Active business connection can be connected again at any time (to share other assets). */}
            {!canReconnectBusiness(profile, isAdmin) && isAdmin && profile.connection === 'business' && <ReconnectButton user={profile} className="btn btn-secondary" />}
          </>
        }
      />
      <ConnectResult />
      <SyncResult sync={sync} />
      {profile.status !== 'active' && (
        <Alert tone="danger" live={false} title={t(`detail.statusHelp.${profile.status}`)}>
          <p>{profile.tokenType === 'user' ? t('detail.statusHelpUser') : profile.connection === 'business' ? t('detail.statusHelpBusiness') : t('detail.statusHelpSystem')}</p>
        </Alert>
      )}
      {profile.status === 'active' && profile.needsReconnect && (
        <Alert tone="warning" live={false} title={t('warn.needsReconnect')}>
          <p>{t('warn.needsReconnectHelp')}</p>
        </Alert>
      )}
      <div className="detail-grid">
        <Card title={t('detail.overview')} id="overview">
          <div className="overview-head">
            <Avatar name={profile.name} size="lg" />
            <Warnings user={profile} />
            <ImpactLine user={profile} />
          </div>
          <dl className="facts">
            <div>
              <dt>{t('col.status')}</dt>
              <dd>
                <StatusBadge status={profile.status} />
              </dd>
            </div>
            <div>
              <dt>{t('col.type')}</dt>
              <dd>{t(kindKey(profile))}</dd>
            </div>
            {profile.clientBusiness && (
              <div>
                <dt>{t('connection.clientBusiness')}</dt>
                <dd data-testid="client-business">
                  {profile.clientBusiness.name} <span className="muted">· ID {profile.clientBusiness.metaId}</span>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('col.expiry')}</dt>
              <dd>
                <Expiry user={profile} />
              </dd>
            </div>
            {profile.dataAccessExpiresAt && (
              <div>
                <dt>{t('detail.dataAccess')}</dt>
                <dd>
                  <time dateTime={profile.dataAccessExpiresAt}>{date(profile.dataAccessExpiresAt)}</time>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('col.businesses')}</dt>
              <dd>{profile.businesses.length === 0 ? <span className="muted">{t('businesses.none')}</span> : profile.businesses.map((b) => b.name).join(', ')}</dd>
            </div>
            {profile.connectedBy && (
              <div>
                <dt>{t('detail.connectedBy')}</dt>
                <dd>{profile.connectedBy === session.member.id ? t('detail.connectedByYou') : t('detail.connectedByOther')}</dd>
              </div>
            )}
            <div>
              <dt>{t('sync.last')}</dt>
              <dd data-testid="last-sync">
                {lastSync.data?.lastSync ? (
                  <time dateTime={lastSync.data.lastSync.startedAt} title={dateTime(lastSync.data.lastSync.startedAt)}>
                    {relative(lastSync.data.lastSync.startedAt)}
                  </time>
                ) : lastSync.data ? (
                  <span className="muted">{t('sync.lastNever')}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </dd>
            </div>
            {profile.lastError && (
              <div>
                <dt>{t('detail.lastError')}</dt>
                <dd>
                  {lastError} <span className="muted">· {dateTime(profile.lastError.at)}</span>
                </dd>
              </div>
            )}
          </dl>
        </Card>
        <Card title={t('detail.timeline')} id="timeline">
          {events.error && !events.items ? (
            <ErrorPanel error={events.error} onRetry={() => void events.refetch()} />
          ) : !events.items ? (
            <Loading />
          ) : (
            <>
              <Timeline events={events.items} />
              <ShowMore paged={events} />
            </>
          )}
        </Card>
      </div>
      <Permissions user={profile} />
      <ProfileAssets user={profile} />
      <RemoveProfile user={profile} />
    </>
  );
}
