import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { syncReport } from '../alerts.ts';
import { ApiError, call, client } from '../api.ts';
import { Expiry } from '../components/Expiry.tsx';
import { ReconnectButton, Warnings } from '../components/ProfileActions.tsx';
import { ArrowLeftIcon, RefreshIcon } from '../components/icons.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { useAction } from '../components/action.ts';
import { Alert, Avatar, Card, ErrorPanel, Loading, PageHeader, ShowMore, StatusBadge } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { canReconnect, causeText, metaUserQuery, usePermissions } from '../metaUsers.ts';
import { pathFor } from '../paths.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { MetaUser, SyncSummary } from '../types.ts';
import './MetaUserDetail.css';

function Permissions({ user }: { user: MetaUser }) {
  const { t, locale } = useI18n();
  // The requested permissions and their words come from the server (GET /api/permissions).
  const catalogue = usePermissions().data ?? [];
  const texts = new Map(catalogue.map((p) => [p.scope as string, { name: p.name, allows: p.allows[locale], without: p.without[locale] }]));
  const granted = new Set(user.grantedScopes);
  const declined = new Set(user.declinedScopes);
  const requested = catalogue.map((p) => p.scope as string);
  const extra = [...granted, ...declined].filter((scope) => scope !== 'public_profile' && !requested.includes(scope));
  const scopes = [...requested, ...new Set(extra)];
  return (
    <Card
      title={t('detail.permissions')}
      id="permissions"
      actions={user.declinedScopes.length > 0 && user.tokenType === 'user' ? <ReconnectButton user={user} label={t('detail.grantMissing')} /> : undefined}
    >
      <p className="muted card-intro">{t('detail.permissionsIntro')}</p>
      {user.declinedScopes.length > 0 && (
        <Alert tone="warning" live={false}>
          <p>{t('detail.missingWarning', { count: user.declinedScopes.length })}</p>
        </Alert>
      )}
      <ul className="permission-list">
        {scopes.map((scope) => {
          const text = texts.get(scope);
          const state = granted.has(scope) ? 'granted' : declined.has(scope) ? 'declined' : 'missing';
          return (
            <li key={scope} className={`permission permission-${state}`} data-scope={scope} data-state={state}>
              <div className="permission-head">
                <span className="permission-name">
                  {text?.name ?? scope} <code>{scope}</code>
                </span>
                <span className={`pill pill-${state}`}>{t(`perm.${state}`)}</span>
              </div>
              <p className="permission-allows">{text?.allows ?? t('perm.unknown')}</p>
              {state !== 'granted' && text && (
                <p className="permission-without">
                  <strong>{t('perm.without')}</strong> {text.without}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

const ASSET_KINDS = [
  ['adAccounts', 'ad_account'],
  ['pages', 'page'],
  ['pixels', 'pixel'],
  ['catalogs', 'catalog'],
] as const;

/** One kind of asset the profile reaches, a page at a time. */
function AssetGroup({ id, kind, type }: { id: string; kind: (typeof ASSET_KINDS)[number][0]; type: (typeof ASSET_KINDS)[number][1] }) {
  const { t } = useI18n();
  const paged = usePagedQuery(queryKeys.metaUsers.assets(id, type), async (after, signal) => {
    const page = await call(client.GET('/api/meta-users/{id}/assets', { params: { path: { id }, query: { type, ...(after ? { after } : {}) } }, signal }));
    return { items: page.assets, nextCursor: page.nextCursor };
  });
  const list = paged.items;
  if (paged.error && !list) return <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />;
  if (!list) return <Loading />;
  return (
    <section className="asset-group" aria-labelledby={`assets-${kind}`}>
      <h3 id={`assets-${kind}`}>
        {t(`assets.${kind}`)} <span className="count">{paged.hasNextPage ? `${list.length}+` : list.length}</span>
      </h3>
      {list.length === 0 ? (
        <p className="muted">{t('assets.none')}</p>
      ) : (
        <ul className="asset-list">
          {list.map((asset) => (
            <li key={asset.id}>
              {kind === 'adAccounts' ? <Link to={pathFor('adAccount', { id: asset.id })}>{asset.name}</Link> : <span>{asset.name}</span>}
              <span className="asset-id">ID {asset.metaId}</span>
            </li>
          ))}
        </ul>
      )}
      <ShowMore paged={paged} />
    </section>
  );
}

function Assets({ id }: { id: string }) {
  const { t } = useI18n();
  // After "Sync now" each list is read again (its key is under the profile's, invalidated then).
  return (
    <Card title={t('detail.assets')} id="assets">
      <div className="asset-grid">
        {ASSET_KINDS.map(([kind, type]) => (
          <AssetGroup key={kind} id={id} kind={kind} type={type} />
        ))}
      </div>
    </Card>
  );
}

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


/**
 * "Sync now": verify with Meta, renew if due, rediscover the assets, then say what happened in
 * words. The service allows one run a minute per profile; when it refuses, the button stays off
 * until the time it gave (Retry-After), and the page says when. The button is turned off only on
 * the service's word: its clock, not the browser's, decides.
 */
function useSyncNow(id: string, onSynced: (result: { sync: SyncSummary; metaUser: MetaUser | null }) => void) {
  const i18n = useI18n();
  const [done, setDone] = useState<SyncSummary | undefined>(undefined);
  const [limitedUntil, setLimitedUntil] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (limitedUntil === undefined) return;
    const timer = window.setTimeout(() => setLimitedUntil(undefined), Math.max(0, limitedUntil - Date.now()) + 250);
    return () => window.clearTimeout(timer);
  }, [limitedUntil]);

  const action = useAction({
    run: () => call(client.POST('/api/meta-users/{id}/sync', { params: { path: { id } } })),
    inline: true,
    onDone: (result) => {
      setDone(result.sync);
      setLimitedUntil(undefined);
      onSynced(result);
    },
    failureText: (error) => {
      if (!(error instanceof ApiError && error.code === 'sync_rate_limited')) return errorText(i18n, error);
      // The refusal has its own sentence (sync.rateLimited), with the time the service gave.
      const seconds = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : undefined;
      if (seconds !== undefined) setLimitedUntil(Date.now() + seconds * 1000);
      else {
        void call(client.GET('/api/meta-users/{id}/sync', { params: { path: { id } } }))
          .then((state) => Math.max(1, (new Date(state.nextAllowedAt).getTime() - Date.now()) / 1000), () => 60)
          .then((wait) => setLimitedUntil(Date.now() + wait * 1000));
      }
      return undefined;
    },
  });
  const run = () => {
    if (limitedUntil === undefined) action.run();
  };
  return { busy: action.busy, done, limitedUntil, failure: action.failure, run, dismissDone: () => setDone(undefined), dismissFailure: action.dismiss };
}

function SyncButton({ sync }: { sync: ReturnType<typeof useSyncNow> }) {
  const { t } = useI18n();
  const limited = sync.limitedUntil !== undefined;
  return (
    <>
      <span id="sync-help" className="visually-hidden">
        {t('sync.help')}
      </span>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => sync.run()}
        // aria-disabled, not disabled: the button keeps keyboard focus while it is off.
        aria-disabled={sync.busy || limited}
        aria-describedby={limited ? 'sync-limited' : 'sync-help'}
        title={t('sync.help')}
        data-testid="sync-now"
      >
        <RefreshIcon />
        {sync.busy ? t('sync.running') : t('sync.button')}
      </button>
    </>
  );
}

function SyncResult({ sync }: { sync: ReturnType<typeof useSyncNow> }) {
  const i18n = useI18n();
  const { t, time } = i18n;
  const report = sync.done ? syncReport(i18n, sync.done) : undefined;
  return (
    <div id="sync-result" className="sync-result">
      {sync.limitedUntil !== undefined && (
        <Alert tone="info">
          <p id="sync-limited">{t('sync.rateLimited', { time: time(new Date(sync.limitedUntil)) })}</p>
        </Alert>
      )}
      {sync.failure && (
        <Alert tone="danger" onDismiss={sync.dismissFailure}>
          <p>{sync.failure}</p>
        </Alert>
      )}
      {report && (
        <Alert tone={report.problem ? 'warning' : 'success'} title={report.problem ? t('sync.problemTitle') : t('sync.doneTitle')} onDismiss={sync.dismissDone}>
          <ul className="sync-lines">
            {report.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

export function MetaUserDetailPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, dateTime, date, relative } = i18n;
  const { session } = useSession();
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
            <StatusBadge status={profile.status} /> <span>{t(`tokenType.${profile.tokenType}`)}</span> <span className="muted">· ID {profile.metaId}</span>
          </span>
        }
        actions={
          <>
            <SyncButton sync={sync} />
            {canReconnect(profile) && <ReconnectButton user={profile} className="btn btn-primary" />}
          </>
        }
      />
      <SyncResult sync={sync} />
      {profile.status !== 'active' && (
        <Alert tone="danger" live={false} title={t(`detail.statusHelp.${profile.status}`)}>
          <p>{profile.tokenType === 'user' ? t('detail.statusHelpUser') : t('detail.statusHelpSystem')}</p>
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
              <dd>{t(`tokenType.${profile.tokenType}`)}</dd>
            </div>
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
      <Assets id={profile.id} />
      <RemoveProfile user={profile} />
    </>
  );
}
