import { useI18n, type I18n, type MessageKey } from '../i18n/index.tsx';
import { causeText, usePermissions } from '../metaUsers.ts';
import type { HealthEvent } from '../types.ts';
import { StatusBadge } from './ui.tsx';

const KINDS: Record<string, MessageKey> = {
  connected: 'event.connected',
  reconnected: 'event.reconnected',
  refreshed: 'event.refreshed',
  refresh_failed: 'event.refresh_failed',
  refresh_not_extended: 'event.refresh_not_extended',
  status_changed: 'event.status_changed',
  expired: 'event.expired',
  inactive: 'event.inactive',
  permissions_changed: 'event.permissions_changed',
  system_user_added: 'event.system_user_added',
  verified: 'event.verified',
  permissions_declined: 'event.permissions_declined',
  reconnect_failed: 'event.reconnect_failed',
  business_connected: 'event.business_connected',
  business_installed: 'event.business_installed',
  business_updated: 'event.business_updated',
  business_uninstalled: 'event.business_uninstalled',
};

const FAILURES: Record<string, MessageKey> = {
  cancelled: 'reconnectFailed.cancelled',
  different_account: 'reconnectFailed.different_account',
  code_rejected: 'reconnectFailed.code_rejected',
  token_invalid: 'reconnectFailed.token_invalid',
  meta_unavailable: 'reconnectFailed.meta_unavailable',
  meta_error: 'reconnectFailed.meta_error',
};

/** The line under an event: the declined permissions by name, a failed reconnect's reason, or the cause. */
function detailText(i18n: I18n, event: HealthEvent, names: Map<string, string>, known: boolean): string | undefined {
  const details = event.details;
  if (event.kind === 'permissions_declined' && details?.scopes) return details.scopes.map((scope) => names.get(scope) ?? scope).join(', ');
  if (event.kind === 'reconnect_failed' && details?.reason) {
    const key = FAILURES[details.reason];
    if (key) return i18n.t(key, { actual: details.actual ?? '?' });
  }
  // The service's `message` is an English log line; we show it only for kinds we cannot put in words.
  return causeText(i18n, { ...event, message: known ? null : event.message });
}

/** A Meta-style kind ("refresh_not_extended") in words when the catalogue has none. */
function humanize(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every status change with its cause, newest first. */
export function Timeline({ events }: { events: HealthEvent[] }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const names = new Map((usePermissions().data ?? []).map((p) => [p.scope as string, p.name]));
  if (events.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <ol className="timeline">
      {sorted.map((event) => {
        const kind = KINDS[event.kind];
        const cause = detailText(i18n, event, names, Boolean(kind));
        const problem = event.kind === 'permissions_declined' || event.kind === 'reconnect_failed';
        const tone = event.newStatus === 'expired' ? 'danger' : event.newStatus === 'inactive' || problem ? 'warning' : event.newStatus === 'active' ? 'success' : 'neutral';
        return (
          <li key={event.id} className={`timeline-item timeline-${tone}`} data-kind={event.kind}>
            <span className="timeline-dot" aria-hidden="true" />
            <div className="timeline-body">
              <p className="timeline-title">
                <span>{kind ? t(kind) : humanize(event.kind)}</span>
                {event.oldStatus && event.newStatus && event.oldStatus !== event.newStatus && (
                  <span className="timeline-change">
                    <StatusBadge status={event.oldStatus} />
                    <span aria-hidden="true">→</span>
                    <span className="visually-hidden">{t('timeline.to')}</span>
                    <StatusBadge status={event.newStatus} />
                  </span>
                )}
              </p>
              {cause && <p className="timeline-cause">{cause}</p>}
              <p className="timeline-meta">
                <time dateTime={event.at}>{dateTime(event.at)}</time>
                {event.fbtraceId && <span> · {t('timeline.trace', { id: event.fbtraceId })}</span>}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
