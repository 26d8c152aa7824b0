import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ATTENTION_FILTER } from '../components/AttentionNotice.tsx';
import { ConnectResult } from '../components/ConnectResult.tsx';
import { Expiry } from '../components/Expiry.tsx';
import { ImpactLine, ReconnectButton, Warnings } from '../components/ProfileActions.tsx';
import { filterFromSearch, ProfileFilters, searchFromFilter } from '../components/ProfileFilters.tsx';
import { BuildingIcon, KeyIcon, PlugIcon } from '../components/icons.tsx';
import { SystemUserForm } from '../components/SystemUserForm.tsx';
import { useToast } from '../components/toasts.tsx';
import { Alert, Avatar, EmptyState, ErrorPanel, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import { canGrantMissing, canReconnect, canReconnectBusiness, causeText, kindKey, useAttentionPages, useMetaUserPages } from '../metaUsers.ts';
import { useConnectOptions } from '../queries/connect-options.ts';
import { pathFor } from '../paths.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { MetaUser } from '../types.ts';
import './MetaUsers.css';

function Businesses({ user }: { user: MetaUser }) {
  const { t } = useI18n();
  if (user.businesses.length === 0) return <span className="muted">{t('businesses.none')}</span>;
  return (
    <ul className="chips">
      {user.businesses.map((business) => (
        <li key={business.id} className="chip">
          {business.name}
        </li>
      ))}
    </ul>
  );
}

/** Connect a business: a full navigation to Meta's business dialog (admins, when the deployment has the configuration). */
function ConnectBusinessButton() {
  const { t } = useI18n();
  return (
    <a className="btn btn-secondary" href="/connect/meta/business" data-testid="connect-business">
      <BuildingIcon />
      {t('metaUsers.connectBusiness')}
    </a>
  );
}

function ConnectButton() {
  const { t } = useI18n();
  // A full navigation: the service answers /connect/meta with a redirect to Meta's dialog.
  return (
    <a className="btn btn-primary" href="/connect/meta">
      <PlugIcon />
      {t('metaUsers.connect')}
    </a>
  );
}

export function MetaUsersPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const { search, navigate } = useRouter();
  const isAdmin = session.member.role === 'admin';
  const options = useConnectOptions();
  // ?filter=attention (the notice's link): only the profiles that need someone to act.
  const onlyAttention = new URLSearchParams(search).get('filter') === ATTENTION_FILTER;
  // Otherwise every profile, what needs someone first, with the filters in the address.
  const filter = filterFromSearch(search);
  const filtered = Boolean(filter.status || filter.q);
  const all = useMetaUserPages(filter);
  const attention = useAttentionPages(onlyAttention);
  const users = onlyAttention ? attention : all;
  const { items: list, hasNextPage: hasMore, isFetchingNextPage: loadingMore } = users;
  const [adding, setAdding] = useState(false);
  const filters = <ProfileFilters key={search} filter={filter} onChange={(next) => navigate(`${pathFor('metaUsers')}${searchFromFilter(next)}`)} />;
  const showMore = () => {
    users.fetchNextPage({ throwOnError: true }).catch((error: unknown) => toast('danger', errorText(i18n, error)));
  };

  return (
    <>
      <PageHeader
        title={t('metaUsers.title')}
        intro={t('metaUsers.intro')}
        actions={
          <>
            {isAdmin && options.data?.connectBusiness && <ConnectBusinessButton />}
            {isAdmin && !adding && (
              <button type="button" className="btn btn-secondary" onClick={() => setAdding(true)}>
                <KeyIcon />
                {t('metaUsers.addSystemUser')}
              </button>
            )}
            <ConnectButton />
          </>
        }
      />
      <ConnectResult />
      {adding && (
        <SystemUserForm
          onCancel={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            toast('success', t('su.added', { name: user.name }));
            void queryClient.invalidateQueries({ queryKey: queryKeys.metaUsers.all });
          }}
        />
      )}
      {onlyAttention ? (
        <p className="filter-note">
          <strong>{t('metaUsers.attentionTitle')}</strong> <Link to={pathFor('metaUsers')}>{t('metaUsers.showAll')}</Link>
        </p>
      ) : (
        filtered && (!list || list.length === 0) && filters
      )}
      {users.error && !list ? (
        <ErrorPanel error={users.error} onRetry={() => void users.refetch()} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 && onlyAttention ? (
        <Alert tone="success" live={false}>
          <p>{t('metaUsers.attentionNone')}</p>
        </Alert>
      ) : list.length === 0 && filtered ? (
        <p className="muted" role="status">
          {t('metaUsers.noMatch')}
        </p>
      ) : list.length === 0 ? (
        <EmptyState title={t('metaUsers.emptyTitle')} icon={<PlugIcon />} action={<ConnectButton />}>
          <p>{t('metaUsers.emptyText')}</p>
          <p className="muted">{t('metaUsers.emptyNote')}</p>
        </EmptyState>
      ) : (
        <section className="card card-flush" aria-labelledby="profiles-title">
          <div className="card-header">
            <h2 id="profiles-title">{t('metaUsers.listTitle')}</h2>
            <span className="muted profile-summary">
              <span className="profile-count">{t(hasMore ? 'metaUsers.countFirst' : 'metaUsers.count', { count: list.length })}</span>
              {!onlyAttention && ` · ${t('metaUsers.order')}`}
            </span>
            {!onlyAttention && filters}
          </div>
          <div className="table-scroll">
            <table className="table responsive-table profiles">
              <thead>
                <tr>
                  <th scope="col">{t('col.profile')}</th>
                  <th scope="col">{t('col.status')}</th>
                  <th scope="col">{t('col.type')}</th>
                  <th scope="col">{t('col.businesses')}</th>
                  <th scope="col">{t('col.expiry')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((user) => (
                  <tr key={user.id} data-testid="meta-user-row" data-status={user.status}>
                    <td className="cell-profile">
                      <div className="profile-cell">
                        <Avatar name={user.name} />
                        <div>
                          <Link to={pathFor('metaUser', { id: user.id })} className="profile-name">
                            {user.name}
                          </Link>
                          <span className="profile-id">ID {user.metaId}</span>
                          <Warnings user={user} />
                          <ImpactLine user={user} />
                        </div>
                      </div>
                    </td>
                    <td data-label={t('col.status')}>
                      <StatusBadge status={user.status} />
                      {/* Expired and Inactive differ by their cause, in the service's words. */}
                      {user.status !== 'active' && user.lastError && <span className="status-cause">{causeText(i18n, user.lastError)}</span>}
                    </td>
                    <td data-label={t('col.type')} className={user.clientBusiness ? undefined : 'nowrap'}>
                      {t(kindKey(user))}
                      {user.clientBusiness && (
                        <span className="profile-client-business">
                          <span className="visually-hidden">{t('connection.clientBusiness')}: </span>
                          {user.clientBusiness.name}
                        </span>
                      )}
                    </td>
                    <td data-label={t('col.businesses')}>
                      <Businesses user={user} />
                    </td>
                    <td data-label={t('col.expiry')}>
                      <Expiry user={user} />
                    </td>
                    <td className="cell-actions">
                      <div className="actions">
                        {canReconnect(user) || canReconnectBusiness(user, isAdmin) ? <ReconnectButton user={user} /> : canGrantMissing(user) && <ReconnectButton user={user} label={t('metaUsers.grant')} className="btn btn-secondary btn-sm" />}
                        <Link to={pathFor('metaUser', { id: user.id })} className="btn btn-secondary btn-sm" aria-label={`${t('action.details')} — ${user.name}`}>
                          {t('action.details')}
                        </Link>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hasMore && (
            <div className="card-footer">
              <button type="button" className="btn btn-secondary" onClick={showMore} disabled={loadingMore} data-testid="show-more">
                {t('metaUsers.showMore')}
              </button>
            </div>
          )}
        </section>
      )}
      {users.error && list && <p className="muted">{errorText(i18n, users.error)}</p>}
    </>
  );
}
