import { useState } from 'react';
import { api, ApiError } from '../api.ts';
import { Expiry } from '../components/Expiry.tsx';
import { ArrowLeftIcon } from '../components/icons.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { useToast } from '../components/toasts.tsx';
import { Alert, Avatar, Card, ErrorPanel, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { permissionText } from '../i18n/permissions.ts';
import { canReconnect, causeText, REQUESTED_SCOPES } from '../metaUsers.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { HealthEvent, MetaUser, MetaUserAssets } from '../types.ts';
import { useResource } from '../useResource.ts';
import { ReconnectButton, Warnings } from './MetaUsers.tsx';

function Permissions({ user }: { user: MetaUser }) {
  const { t, locale } = useI18n();
  const granted = new Set(user.grantedScopes);
  const declined = new Set(user.declinedScopes);
  const extra = [...granted, ...declined].filter((scope) => scope !== 'public_profile' && !(REQUESTED_SCOPES as readonly string[]).includes(scope));
  const scopes = [...REQUESTED_SCOPES, ...new Set(extra)];
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
          const text = permissionText(locale, scope);
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

const ASSET_KINDS = ['adAccounts', 'pages', 'pixels', 'catalogs'] as const;

function Assets({ id }: { id: string }) {
  const { t } = useI18n();
  const assets = useResource<MetaUserAssets>(`/api/meta-users/${encodeURIComponent(id)}/assets`);
  return (
    <Card title={t('detail.assets')} id="assets">
      {assets.error !== undefined ? (
        <ErrorPanel error={assets.error} onRetry={assets.reload} />
      ) : !assets.data ? (
        <Loading />
      ) : (
        <div className="asset-grid">
          {ASSET_KINDS.map((kind) => {
            const list = assets.data?.[kind] ?? [];
            return (
              <section key={kind} className="asset-group" aria-labelledby={`assets-${kind}`}>
                <h3 id={`assets-${kind}`}>
                  {t(`assets.${kind}`)} <span className="count">{list.length}</span>
                </h3>
                {list.length === 0 ? (
                  <p className="muted">{t('assets.none')}</p>
                ) : (
                  <ul className="asset-list">
                    {list.map((asset) => (
                      <li key={asset.id}>
                        {kind === 'adAccounts' ? <Link to={`/ad-accounts/${encodeURIComponent(asset.id)}`}>{asset.name}</Link> : <span>{asset.name}</span>}
                        <span className="asset-id">ID {asset.metaId ?? asset.id}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </Card>
  );
}

function RemoveProfile({ user }: { user: MetaUser }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const { navigate } = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api(`/api/meta-users/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
      toast('success', t('detail.removed', { name: user.name }));
      navigate('/meta-users');
    } catch (error) {
      toast('danger', errorText(i18n, error));
      setBusy(false);
    }
  };
  return (
    <Card title={t('detail.removeTitle')} id="remove" className="card-danger-zone">
      <p className="muted">{t('detail.removeText')}</p>
      {confirming ? (
        <div className="form-actions" role="group" aria-label={t('detail.removeTitle')}>
          <p className="confirm-text">{t('detail.removeConfirm', { name: user.name })}</p>
          <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={busy}>
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
  const { t, dateTime, date } = i18n;
  const { session } = useSession();
  const user = useResource<{ metaUser: MetaUser }>(`/api/meta-users/${encodeURIComponent(id)}`);
  const events = useResource<{ events: HealthEvent[] }>(`/api/meta-users/${encodeURIComponent(id)}/events`);
  const profile = user.data?.metaUser;
  const back = (
    <Link to="/meta-users" className="back-link">
      <ArrowLeftIcon />
      {t('detail.back')}
    </Link>
  );

  if (!profile) {
    const missing = user.error instanceof ApiError && user.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? t('detail.notFoundTitle') : t('detail.titleLoading')} before={back} />
        {missing ? <Alert tone="warning"><p>{t('detail.notFound')}</p></Alert> : user.error !== undefined ? <ErrorPanel error={user.error} onRetry={user.reload} /> : <Loading />}
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
            <StatusBadge status={profile.status} /> <span>{t(`tokenType.${profile.tokenType}`)}</span> <span className="muted">· ID {profile.metaUserId}</span>
          </span>
        }
        actions={canReconnect(profile) ? <ReconnectButton user={profile} className="btn btn-primary" /> : undefined}
      />
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
          {events.error !== undefined ? (
            <ErrorPanel error={events.error} onRetry={events.reload} />
          ) : !events.data ? (
            <Loading />
          ) : (
            <Timeline events={events.data.events} />
          )}
        </Card>
      </div>
      <Permissions user={profile} />
      <Assets id={profile.id} />
      <RemoveProfile user={profile} />
    </>
  );
}
