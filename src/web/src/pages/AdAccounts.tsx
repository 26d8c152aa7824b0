import { LastSynced, SyncState } from '../components/AdAccountSync.tsx';
import { ChartIcon } from '../components/icons.tsx';
import { call, client } from '../api.ts';
import { EmptyState, ErrorPanel, Loading, PageHeader, ShowMore } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { pathFor } from '../paths.ts';
import './AdAccounts.css';

export function AdAccountsPage() {
  const { t } = useI18n();
  // A workspace may hold 20,000 accounts: a page at a time, more on request.
  const paged = usePagedQuery(queryKeys.adAccounts.list(), async (after, signal) => {
    const page = await call(client.GET('/api/ad-accounts', { params: { query: after ? { after } : {} }, signal }));
    return { items: page.adAccounts, nextCursor: page.nextCursor };
  });
  const list = paged.items;
  return (
    <>
      <PageHeader title={t('adAccounts.title')} intro={t('adAccounts.intro')} />
      {paged.error && !list ? (
        <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState title={t('adAccounts.emptyTitle')} icon={<ChartIcon />} action={<Link to={pathFor('metaUsers')} className="btn btn-primary">{t('nav.metaUsers')}</Link>}>
          <p>{t('adAccounts.empty')}</p>
        </EmptyState>
      ) : (
        <section className="card card-flush" aria-labelledby="accounts-title">
          <div className="card-header">
            <h2 id="accounts-title">{t('adAccounts.listTitle')}</h2>
            <span className="muted">{t('adAccounts.count', { count: list.length })}</span>
          </div>
          <table className="table responsive-table">
            <thead>
              <tr>
                <th scope="col">{t('adAccounts.col.account')}</th>
                <th scope="col">{t('adAccounts.col.sync')}</th>
                <th scope="col">{t('adAccounts.col.campaignActions')}</th>
                <th scope="col">{t('adAccounts.col.lastSynced')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((account) => (
                <tr key={account.id} data-testid="ad-account-row">
                  <td>
                    <Link to={pathFor('adAccount', { id: account.id })} className="profile-name">
                      {account.name}
                    </Link>
                    <span className="profile-id">
                      ID {account.metaId ?? account.id}
                      {account.businessName ? ` · ${account.businessName}` : ''}
                    </span>
                  </td>
                  <td data-label={t('adAccounts.col.sync')}>
                    <SyncState account={account} />
                  </td>
                  <td data-label={t('adAccounts.col.campaignActions')}>{account.canManage ? t('adAccounts.canManage') : <span className="muted">{t('adAccounts.cannotManage')}</span>}</td>
                  <td data-label={t('adAccounts.col.lastSynced')}>
                    <LastSynced account={account} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore paged={paged} />
        </section>
      )}
    </>
  );
}
