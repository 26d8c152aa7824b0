import { useState } from 'react';
import { call, client } from '../api.ts';
import { useAction } from '../components/action.ts';
import { KeyIcon } from '../components/icons.tsx';
import { EmptyState, ErrorPanel, Loading, PageHeader, ShowMore } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import type { ApiKey } from '../types.ts';
import './AdminApiKeys.css';

/**
 * The workspace's API keys (made by an operator with `wevion api-keys create`; the key itself is
 * shown only then): what each may do, when it was last used, and a Revoke that asks first. A
 * revoked key stays listed, marked so.
 */
export function AdminApiKeysPage() {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const paged = usePagedQuery<ApiKey>(queryKeys.apiKeys(), async (after, signal) => {
    const page = await call(client.GET('/api/api-keys', { params: { query: after ? { after } : {} }, signal }));
    return { items: page.apiKeys, nextCursor: page.nextCursor };
  });
  const revoke = useAction({
    run: (key: ApiKey) => call(client.DELETE('/api/api-keys/{id}', { params: { path: { id: key.id } } })),
    onDone: () => setConfirming(undefined),
    doneText: (_, key) => t('apiKeys.revokedToast', { name: key.name }),
    invalidates: [queryKeys.apiKeys()],
  });
  const list = paged.items;

  return (
    <>
      <PageHeader title={t('apiKeys.title')} intro={t('apiKeys.intro')} />
      {paged.error && !list ? (
        <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState title={t('apiKeys.emptyTitle')} icon={<KeyIcon />}>
          <p>{t('apiKeys.empty')}</p>
        </EmptyState>
      ) : (
        <section className="card card-flush" aria-labelledby="api-keys-title">
          <div className="card-header">
            <h2 id="api-keys-title">{t('apiKeys.listTitle')}</h2>
            <span className="muted">{t('apiKeys.count', { count: list.length })}</span>
          </div>
          <table className="table responsive-table api-keys">
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.col.key')}</th>
                <th scope="col">{t('apiKeys.col.scopes')}</th>
                <th scope="col">{t('apiKeys.col.created')}</th>
                <th scope="col">{t('apiKeys.col.lastUsed')}</th>
                <th scope="col">{t('apiKeys.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((key) => (
                <tr key={key.id} data-testid="api-key-row" data-key={key.id} data-state={key.revokedAt ? 'revoked' : 'active'}>
                  <td>
                    <span className="profile-name">{key.name}</span>
                    <span className="profile-id">
                      <code>{key.prefix}…</code>
                    </span>
                  </td>
                  <td data-label={t('apiKeys.col.scopes')}>
                    <ul className="chips">
                      {key.scopes.map((scope) => (
                        <li key={scope} className="chip">
                          <code>{scope}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label={t('apiKeys.col.created')}>
                    <time dateTime={key.createdAt} title={dateTime(key.createdAt)} className="nowrap">
                      {relative(key.createdAt)}
                    </time>
                  </td>
                  <td data-label={t('apiKeys.col.lastUsed')}>
                    {key.lastUsedAt ? (
                      <time dateTime={key.lastUsedAt} title={dateTime(key.lastUsedAt)} className="nowrap">
                        {relative(key.lastUsedAt)}
                      </time>
                    ) : (
                      <span className="muted">{t('apiKeys.neverUsed')}</span>
                    )}
                  </td>
                  <td data-label={t('apiKeys.col.state')} className="api-key-state">
                    {key.revokedAt ? (
                      <>
                        <span className="pill pill-run-failed">{t('apiKeys.revoked')}</span>{' '}
                        <time dateTime={key.revokedAt} title={dateTime(key.revokedAt)} className="muted nowrap">
                          {relative(key.revokedAt)}
                        </time>
                      </>
                    ) : confirming === key.id ? (
                      <div className="form-actions confirm-row api-key-confirm" role="group" aria-label={t('apiKeys.revoke')}>
                        <p className="confirm-text">{t('apiKeys.revokeConfirm', { name: key.name })}</p>
                        <button type="button" className="btn btn-danger" onClick={() => !revoke.busy && revoke.run(key)} aria-disabled={revoke.busy}>
                          {revoke.busy ? t('common.working') : t('apiKeys.revokeYes')}
                        </button>
                        <button type="button" className="btn btn-secondary" onClick={() => setConfirming(undefined)} aria-disabled={revoke.busy}>
                          {t('common.cancel')}
                        </button>
                      </div>
                    ) : (
                      <>
                        <span className="pill pill-run-succeeded">{t('apiKeys.active')}</span>{' '}
                        <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => setConfirming(key.id)} disabled={revoke.busy} aria-label={`${t('apiKeys.revoke')} — ${key.name}`}>
                          {t('apiKeys.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore paged={paged} />
        </section>
      )}
      <p className="muted api-keys-note">{t('apiKeys.note')}</p>
    </>
  );
}
