import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ATTENTION_FILTER } from '../components/AttentionNotice.tsx';
import { Expiry } from '../components/Expiry.tsx';
import { ReconnectButton, Warnings } from '../components/ProfileActions.tsx';
import { KeyIcon, PlugIcon } from '../components/icons.tsx';
import { SystemUserForm } from '../components/SystemUserForm.tsx';
import { useToast } from '../components/toasts.tsx';
import { Alert, Avatar, EmptyState, ErrorPanel, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n, type I18n, type MessageKey } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import { canReconnect, useAttentionPages, useMetaUserPages } from '../metaUsers.ts';
import { pathFor } from '../paths.ts';
import { Link, useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { MetaUser } from '../types.ts';
import './MetaUsers.css';

const RESULTS: Record<string, { tone: 'success' | 'info' | 'warning' | 'danger'; key: MessageKey }> = {
  connected: { tone: 'success', key: 'result.connected' },
  reconnected: { tone: 'success', key: 'result.reconnected' },
  cancelled: { tone: 'info', key: 'result.cancelled' },
  different_account: { tone: 'warning', key: 'result.different_account' },
  error: { tone: 'danger', key: 'result.error' },
};

/** Why a connection failed, in words; the service's English message when the reason is new to us. */
const CONNECT_ERRORS: Record<string, MessageKey> = {
  state_invalid: 'connectError.state_invalid',
  state_used: 'connectError.state_used',
  state_expired: 'connectError.state_expired',
  wrong_session: 'connectError.wrong_session',
  code_rejected: 'connectError.code_rejected',
  token_invalid: 'connectError.token_invalid',
  meta_unavailable: 'connectError.meta_unavailable',
};

function resultText(t: I18n['t'], result: { value: string; message?: string; reason?: string; expected?: string; actual?: string }, key: MessageKey): string {
  if (result.value === 'different_account' && result.expected && result.actual) {
    return t('result.different_account_named', { expected: result.expected, actual: result.actual });
  }
  if (result.value === 'error') {
    const known = result.reason ? CONNECT_ERRORS[result.reason] : undefined;
    return t('result.error', { message: known ? t(known) : result.message ?? t('result.noDetails') });
  }
  return t(key);
}

/** What came back from the Meta round trip (?result=…), read once; the query is then cleared. */
function useConnectResult() {
  const { pathname, search, navigate } = useRouter();
  const [result] = useState(() => {
    const query = new URLSearchParams(search);
    const value = query.get('result');
    if (!value) return undefined;
    const get = (name: string) => query.get(name) ?? undefined;
    return { value, message: get('message'), reason: get('reason'), profile: get('profile'), expected: get('expected'), actual: get('actual') };
  });
  const [visible, setVisible] = useState(Boolean(result));
  useEffect(() => {
    if (result) navigate(pathname, { replace: true });
    // Only on arrival: later navigations must not clear anything.
  }, []);
  return { result: visible ? result : undefined, dismiss: () => setVisible(false) };
}

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
  const { search } = useRouter();
  const isAdmin = session.member.role === 'admin';
  // ?filter=attention (the notice's link): only the profiles that need someone to act.
  const onlyAttention = new URLSearchParams(search).get('filter') === ATTENTION_FILTER;
  const all = useMetaUserPages();
  const attention = useAttentionPages(onlyAttention);
  const users = onlyAttention ? attention : all;
  const { items: list, hasNextPage: hasMore, isFetchingNextPage: loadingMore } = users;
  const { result, dismiss } = useConnectResult();
  const [adding, setAdding] = useState(false);
  const showMore = () => {
    users.fetchNextPage({ throwOnError: true }).catch((error: unknown) => toast('danger', errorText(i18n, error)));
  };

  const resultInfo = result ? RESULTS[result.value] ?? RESULTS.error : undefined;

  return (
    <>
      <PageHeader
        title={t('metaUsers.title')}
        intro={t('metaUsers.intro')}
        actions={
          <>
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
      {result && resultInfo && (
        <Alert tone={resultInfo.tone} onDismiss={dismiss}>
          <p>{resultText(t, result, resultInfo.key)}</p>
          {result.profile && (result.value === 'connected' || result.value === 'reconnected') && (
            <p>
              <Link to={pathFor('metaUser', { id: result.profile })}>{t('result.openProfile')}</Link>
            </p>
          )}
        </Alert>
      )}
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
      {onlyAttention && (
        <p className="filter-note">
          <strong>{t('metaUsers.attentionTitle')}</strong> <Link to={pathFor('metaUsers')}>{t('metaUsers.showAll')}</Link>
        </p>
      )}
      {users.error && !list ? (
        <ErrorPanel error={users.error} onRetry={() => void users.refetch()} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 && onlyAttention ? (
        <Alert tone="success" live={false}>
          <p>{t('metaUsers.attentionNone')}</p>
        </Alert>
      ) : list.length === 0 ? (
        <EmptyState title={t('metaUsers.emptyTitle')} icon={<PlugIcon />} action={<ConnectButton />}>
          <p>{t('metaUsers.emptyText')}</p>
          <p className="muted">{t('metaUsers.emptyNote')}</p>
        </EmptyState>
      ) : (
        <section className="card card-flush" aria-labelledby="profiles-title">
          <div className="card-header">
            <h2 id="profiles-title">{t('metaUsers.listTitle')}</h2>
            <span className="muted">{t(hasMore ? 'metaUsers.countFirst' : 'metaUsers.count', { count: list.length })}</span>
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
                        </div>
                      </div>
                    </td>
                    <td data-label={t('col.status')}>
                      <StatusBadge status={user.status} />
                    </td>
                    <td data-label={t('col.type')} className="nowrap">
                      {t(`tokenType.${user.tokenType}`)}
                    </td>
                    <td data-label={t('col.businesses')}>
                      <Businesses user={user} />
                    </td>
                    <td data-label={t('col.expiry')}>
                      <Expiry user={user} />
                    </td>
                    <td className="cell-actions">
                      <div className="actions">
                        {canReconnect(user) && <ReconnectButton user={user} />}
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
