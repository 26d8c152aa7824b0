import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { blockedKeys, isBlockedReason, isoDay } from '../adAccounts.ts';
import { ApiError, call, client } from '../api.ts';
import { LastSynced, SyncState } from '../components/AdAccountSync.tsx';
import { ArrowLeftIcon } from '../components/icons.tsx';
import { dailySeries, SpendChart } from '../components/SpendChart.tsx';
import { useAction } from '../components/action.ts';
import { Alert, Card, ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { queryKeys } from '../queries/keys.ts';
import { useProfileNames } from '../metaUsers.ts';
import type { AdAccount, Campaign } from '../types.ts';
import { pathFor } from '../paths.ts';
import './AdAccounts.css';

const RANGES = [7, 30, 90] as const;

function Insights({ account }: { account: AdAccount }) {
  const { t, number } = useI18n();
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const { from, to } = useMemo(() => {
    const now = Date.now();
    return { from: isoDay(now - (days - 1) * 86_400_000), to: isoDay(now) };
  }, [days]);
  const insights = useQuery({
    queryKey: queryKeys.adAccounts.insights(account.id, from, to),
    queryFn: ({ signal }) => call(client.GET('/api/ad-accounts/{id}/insights', { params: { path: { id: account.id }, query: { from, to } }, signal })),
    // Another range keeps the chart in place until its figures arrive.
    placeholderData: keepPreviousData,
  });
  const points = useMemo(() => (insights.data ? dailySeries(insights.data.rows, from, to) : undefined), [insights.data, from, to]);
  const totals = points?.reduce((sum, p) => ({ spend: sum.spend + p.spend, impressions: sum.impressions + p.impressions, clicks: sum.clicks + p.clicks }), { spend: 0, impressions: 0, clicks: 0 });
  return (
    <Card
      title={t('chart.title')}
      id="spend"
      actions={
        <div className="segmented" role="group" aria-label={t('chart.range')}>
          {RANGES.map((range) => (
            <button key={range} type="button" aria-pressed={range === days} onClick={() => setDays(range)}>
              {t('chart.days', { count: range })}
            </button>
          ))}
        </div>
      }
    >
      {account.blockedReason && <p className="muted card-intro">{t('chart.storedOnly')}</p>}
      {insights.error ? (
        <ErrorPanel error={insights.error} onRetry={() => void insights.refetch()} />
      ) : !points || !totals ? (
        <Loading />
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>{t('chart.totalSpend')}</dt>
              {/* In the account's own currency (Meta's), never a bare number. */}
              <dd data-testid="total-spend">{account.currency ? number(totals.spend, { style: 'currency', currency: account.currency }) : number(totals.spend, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</dd>
            </div>
            <div>
              <dt>{t('chart.impressions')}</dt>
              <dd>{number(totals.impressions)}</dd>
            </div>
            <div>
              <dt>{t('chart.clicks')}</dt>
              <dd>{number(totals.clicks)}</dd>
            </div>
            <div>
              <dt>{t('chart.ctr')}</dt>
              <dd>{totals.impressions > 0 ? number(totals.clicks / totals.impressions, { style: 'percent', maximumFractionDigits: 2 }) : '—'}</dd>
            </div>
          </dl>
          {totals.spend === 0 && insights.data?.rows.length === 0 ? <p className="muted">{t('chart.empty')}</p> : <SpendChart points={points} {...(account.currency ? { currency: account.currency } : {})} />}
        </>
      )}
    </Card>
  );
}

/** Why a campaign action was refused, in words: the token's state, and what to do. */
function refusalText(i18n: I18n, error: unknown, action: 'pause' | 'resume', name: string): string {
  const verb = i18n.t(action === 'pause' ? 'campaigns.verbPause' : 'campaigns.verbResume');
  if (error instanceof ApiError && error.code === 'token_unavailable') {
    const reason = error.details.reason;
    const why = isBlockedReason(reason) ? i18n.t(`refusal.${reason}`) : error.message;
    return i18n.t('campaigns.refused', { action: verb, name, reason: why });
  }
  return i18n.t('campaigns.failed', { action: verb, name, reason: errorText(i18n, error) });
}

function Campaigns({ account }: { account: AdAccount }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const campaignsKey = queryKeys.adAccounts.campaigns(account.id);
  const campaigns = useQuery({ queryKey: campaignsKey, queryFn: ({ signal }) => call(client.GET('/api/ad-accounts/{id}/campaigns', { params: { path: { id: account.id } }, signal })) });
  const change = useAction({
    run: ({ campaign, status }: { campaign: Campaign; status: 'PAUSED' | 'ACTIVE' }) =>
      call(client.POST('/api/ad-accounts/{id}/campaigns/{campaignId}/status', { params: { path: { id: account.id, campaignId: campaign.id } }, body: { status } })),
    // The answer is the campaign as Meta now has it: put in the list without reading it again.
    onDone: ({ campaign: updated }, { campaign }) =>
      queryClient.setQueryData(campaignsKey, (current: typeof campaigns.data) => current && { ...current, campaigns: current.campaigns.map((c) => (c.id === campaign.id ? { ...c, ...updated } : c)) }),
    doneText: (_, { campaign, status }) => t(status === 'PAUSED' ? 'campaigns.paused' : 'campaigns.resumed', { name: campaign.name }),
    // A refusal is explained in place: which token state stops it, and what to do.
    inline: true,
    failureText: (error, { campaign, status }) => refusalText(i18n, error, status === 'PAUSED' ? 'pause' : 'resume', campaign.name),
  });
  const refusal = change.failure;

  return (
    <Card title={t('campaigns.title')} id="campaigns">
      <p className="muted card-intro">{t('campaigns.intro')}</p>
      {refusal && (
        <Alert tone="danger" onDismiss={change.dismiss} title={t('campaigns.refusedTitle')}>
          <p>{refusal}</p>
        </Alert>
      )}
      {campaigns.error ? (
        <ErrorPanel error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : !campaigns.data ? (
        <Loading />
      ) : campaigns.data.campaigns.length === 0 ? (
        <p className="muted">{t('campaigns.empty')}</p>
      ) : (
        <table className="table responsive-table">
          <thead>
            <tr>
              <th scope="col">{t('campaigns.col.name')}</th>
              <th scope="col">{t('campaigns.col.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.data.campaigns.map((campaign) => {
              const active = campaign.status === 'ACTIVE';
              const paused = campaign.status === 'PAUSED';
              return (
                <tr key={campaign.id} data-testid="campaign-row">
                  <td>
                    <span className="profile-name">{campaign.name}</span>
                    <span className="profile-id">ID {campaign.metaId ?? campaign.id}</span>
                  </td>
                  <td data-label={t('campaigns.col.status')}>
                    <span className={`pill ${active ? 'pill-granted' : 'pill-missing'}`}>{active ? t('campaigns.status.ACTIVE') : paused ? t('campaigns.status.PAUSED') : campaign.status}</span>
                  </td>
                  <td className="cell-actions">
                    <div className="actions">
                      {(active || paused) && (
                        <button
                          type="button"
                          className="btn btn-secondary btn-sm"
                          disabled={change.busy}
                          onClick={() => change.run({ campaign, status: active ? 'PAUSED' : 'ACTIVE' })}
                          aria-label={`${t(active ? 'campaigns.pause' : 'campaigns.resume')} — ${campaign.name}`}
                        >
                          {change.busy && change.variables?.campaign.id === campaign.id ? t('common.working') : t(active ? 'campaigns.pause' : 'campaigns.resume')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function AdAccountDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const found = useQuery({ queryKey: queryKeys.adAccounts.one(id), queryFn: ({ signal }) => call(client.GET('/api/ad-accounts/{id}', { params: { path: { id } }, signal })) });
  const account = found.data?.adAccount;
  const names = useProfileNames(account ? [...account.profileIds, ...(account.lapsedProfileIds ?? [])] : []);
  const nameOf = (profileId: string, index: number) => names.get(profileId) ?? t('adAccounts.profileN', { count: index + 1 });
  const back = (
    <Link to={pathFor('adAccounts')} className="back-link">
      <ArrowLeftIcon />
      {t('adAccounts.back')}
    </Link>
  );
  if (!account) {
    const missing = found.error instanceof ApiError && found.error.status === 404;
    return (
      <>
        <PageHeader title={missing ? t('adAccounts.notFoundTitle') : t('detail.titleLoading')} before={back} />
        {missing ? (
          <Alert tone="warning">
            <p>{t('adAccounts.notFound')}</p>
          </Alert>
        ) : found.error ? (
          <ErrorPanel error={found.error} onRetry={() => void found.refetch()} />
        ) : (
          <Loading />
        )}
      </>
    );
  }
  const reason = account.blockedReason;
  // The profiles to reconnect are those that reached it until their token stopped working.
  const toReconnect = account.lapsedProfileIds?.length ? account.lapsedProfileIds : account.profileIds;
  const reachedBy = [...account.profileIds, ...(account.lapsedProfileIds ?? [])];
  return (
    <>
      <PageHeader
        before={back}
        title={account.name}
        intro={
          <span className="detail-sub">
            <SyncState account={account} />
            <span className="muted">ID {account.metaId ?? account.id}</span>
            {account.businessName && <span className="muted">{account.businessName}</span>}
          </span>
        }
      />
      {reason && (
        <Alert tone="warning" live={false} title={t(blockedKeys(reason).short)}>
          <p>{t(blockedKeys(reason).long)}</p>
          {toReconnect.length > 0 && (reason === 'token_expired' || reason === 'token_inactive' || reason === 'scope_declined') && (
            <p className="alert-links">
              {toReconnect.map((profileId, index) => (
                <Link key={profileId} to={pathFor('metaUser', { id: profileId })} className="btn btn-primary btn-sm">
                  {t('adAccounts.openProfile', { name: nameOf(profileId, index) })}
                </Link>
              ))}
            </p>
          )}
        </Alert>
      )}
      <dl className="facts facts-inline card">
        <div>
          <dt>{t('adAccounts.col.lastSynced')}</dt>
          <dd>
            <LastSynced account={account} />
          </dd>
        </div>
        <div>
          <dt>{t('adAccounts.col.campaignActions')}</dt>
          <dd>{account.canManage ? t('adAccounts.canManage') : t('adAccounts.cannotManage')}</dd>
        </div>
        <div>
          <dt>{t('adAccounts.profiles')}</dt>
          <dd>
            {reachedBy.length === 0
              ? '—'
              : reachedBy.map((profileId, index) => (
                  <span key={profileId}>
                    {index > 0 && ', '}
                    <Link to={pathFor('metaUser', { id: profileId })}>{nameOf(profileId, index)}</Link>
                  </span>
                ))}
          </dd>
        </div>
      </dl>
      <Insights account={account} />
      <Campaigns account={account} />
    </>
  );
}
