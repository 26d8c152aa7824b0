import { useState } from 'react';
import { alertTypeText, channelText, deliveryErrorText } from '../alerts.ts';
import { useI18n } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import type { AlertDelivery, DeliveryState } from '../types.ts';
import { call, client } from '../api.ts';
import { queryKeys } from '../queries/keys.ts';
import { usePagedQuery } from '../queries/paged.ts';
import { Card, ErrorPanel, Loading, ShowMore } from './ui.tsx';
import { pathFor } from '../paths.ts';
import './DeliveryLog.css';

const FILTERS: Array<DeliveryState | 'all'> = ['all', 'failed', 'pending', 'sent'];

/**
 * Where each alert went by email or Telegram: sent, failed (with the last error in words) or
 * still pending (with the next attempt). `workspace` (admins) lists every member's deliveries.
 */
export function DeliveryLog({ workspace = false, id }: { workspace?: boolean; id: string }) {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  const [filter, setFilter] = useState<DeliveryState | 'all'>('all');
  const paged = usePagedQuery<AlertDelivery>(queryKeys.alerts.deliveries(workspace ? 'workspace' : 'mine', filter), async (after, signal) => {
    const query = { limit: 100, scope: workspace ? ('workspace' as const) : ('mine' as const), ...(filter !== 'all' ? { state: filter } : {}), ...(after ? { after } : {}) };
    const page = await call(client.GET('/api/alerts/deliveries', { params: { query }, signal }));
    return { items: page.deliveries, nextCursor: page.nextCursor };
  });
  const list = paged.items;

  return (
    <Card
      title={t('deliveries.title')}
      id={id}
      className="card-flush card-flush-always"
      actions={
        <div className="segmented" role="group" aria-label={t('deliveries.filter')}>
          {FILTERS.map((option) => (
            <button key={option} type="button" aria-pressed={filter === option} onClick={() => setFilter(option)}>
              {option === 'all' ? t('deliveries.filter.all') : t(`deliveries.state.${option}`)}
            </button>
          ))}
        </div>
      }
    >
      <p className="muted card-body-intro">{workspace ? t('deliveries.workspaceIntro') : t('deliveries.intro')}</p>
      {paged.error && !list ? (
        <div className="card-body">
          <ErrorPanel error={paged.error} onRetry={() => void paged.refetch()} />
        </div>
      ) : !list ? (
        <div className="card-body">
          <Loading />
        </div>
      ) : list.length === 0 ? (
        <p className="card-body muted" data-testid="deliveries-empty">
          {filter === 'all' ? t('deliveries.empty') : t('deliveries.emptyFiltered')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table responsive-table deliveries">
            <thead>
              <tr>
                <th scope="col">{t('deliveries.col.alert')}</th>
                {workspace && <th scope="col">{t('deliveries.col.member')}</th>}
                <th scope="col">{t('deliveries.col.channel')}</th>
                <th scope="col">{t('deliveries.col.state')}</th>
                <th scope="col" className="num">
                  {t('deliveries.col.attempts')}
                </th>
                <th scope="col">{t('deliveries.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((delivery) => {
                const when = delivery.sentAt ?? delivery.createdAt;
                return (
                  <tr key={delivery.id} data-testid="delivery-row" data-state={delivery.state} data-channel={delivery.channel}>
                    <td className="cell-alert">
                      {delivery.profileId ? (
                        <Link to={pathFor('metaUser', { id: delivery.profileId })} className="profile-name">
                          {alertTypeText(i18n, delivery.notificationType)}
                        </Link>
                      ) : (
                        <span className="profile-name">{alertTypeText(i18n, delivery.notificationType)}</span>
                      )}
                      {delivery.lastError && delivery.state !== 'sent' && (
                        <p className={delivery.state === 'failed' ? 'field-error delivery-error' : 'muted delivery-error'}>
                          <span className="visually-hidden">{t('deliveries.col.error')}: </span>
                          {deliveryErrorText(i18n, delivery.lastError)}
                        </p>
                      )}
                    </td>
                    {workspace && (
                      <td data-label={t('deliveries.col.member')} className="cell-member">
                        {delivery.memberEmail}
                      </td>
                    )}
                    <td data-label={t('deliveries.col.channel')}>{channelText(i18n, delivery.channel)}</td>
                    <td data-label={t('deliveries.col.state')}>
                      <span className={`pill pill-delivery-${delivery.state}`}>{t(`deliveries.state.${delivery.state}`)}</span>
                    </td>
                    <td data-label={t('deliveries.col.attempts')} className="num">
                      {delivery.attempts}
                    </td>
                    <td data-label={t('deliveries.col.when')}>
                      <time dateTime={when} title={dateTime(when)} className="nowrap">
                        {relative(when)}
                      </time>
                      {delivery.state === 'pending' && delivery.nextAttemptAt && delivery.attempts > 0 && (
                        <span className="delivery-next">{t('deliveries.nextAttempt', { when: relative(delivery.nextAttemptAt) })}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ShowMore paged={paged} />
        </div>
      )}
    </Card>
  );
}
