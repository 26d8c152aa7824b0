import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { causeText } from '../metaUsers.ts';
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
};

/** A Meta-style kind ("refresh_not_extended") in words when the catalogue has none. */
function humanize(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every status change with its cause, newest first. */
export function Timeline({ events }: { events: HealthEvent[] }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  if (events.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <ol className="timeline">
      {sorted.map((event) => {
        const kind = KINDS[event.kind];
        // The service's `message` is an English log line; we show it only for kinds we cannot put in words.
        const cause = causeText(i18n, { ...event, message: kind ? null : event.message });
        const tone = event.newStatus === 'expired' ? 'danger' : event.newStatus === 'inactive' ? 'warning' : event.newStatus === 'active' ? 'success' : 'neutral';
        return (
          <li key={event.id} className={`timeline-item timeline-${tone}`}>
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
