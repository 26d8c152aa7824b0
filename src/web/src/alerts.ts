import type { I18n, MessageKey } from './i18n/index.tsx';
import type { AlertChannel, AlertType, SyncSummary } from './types.ts';

/** The alert types, in the order the preferences table shows them (critical first). */
export const ALERT_TYPES: AlertType[] = ['token_expired', 'token_inactive', 'token_expiring', 'data_access_expiring', 'token_recovered'];
export const CHANNELS: AlertChannel[] = ['email', 'telegram'];

const TYPE_KEYS: Record<string, MessageKey> = {
  token_expired: 'alertType.token_expired',
  token_inactive: 'alertType.token_inactive',
  token_expiring: 'alertType.token_expiring',
  data_access_expiring: 'alertType.data_access_expiring',
  token_recovered: 'alertType.token_recovered',
  token_not_extended: 'alertType.token_not_extended',
};

/** "Token expired": a notification type in words; a type new to this UI shows as it is. */
export function alertTypeText(i18n: I18n, type: string): string {
  const key = TYPE_KEYS[type];
  return key ? i18n.t(key) : type;
}

export function channelText(i18n: I18n, channel: string): string {
  if (channel === 'email') return i18n.t('channel.email');
  if (channel === 'telegram') return i18n.t('channel.telegram');
  if (channel === 'inApp') return i18n.t('channel.inApp');
  return channel;
}

/**
 * A delivery's last error in the member's words. The service records a short technical line
 * ("Telegram sendMessage: 403 Forbidden: bot was blocked by the user", "SMTP: …"); the ones we
 * recognise get a sentence, anything else is shown as recorded.
 */
export function deliveryErrorText(i18n: I18n, error: string): string {
  const { t } = i18n;
  if (error.startsWith('email is not configured')) return t('deliveryError.smtp_not_configured');
  if (error.startsWith('SMTP: ')) return t('deliveryError.smtp', { detail: error.slice('SMTP: '.length) });
  if (error === 'Telegram is no longer linked for this member') return t('deliveryError.telegram_unlinked');
  if (error === 'the notification no longer exists') return t('deliveryError.notification_gone');
  if (error.startsWith('gave up')) return t('deliveryError.interrupted');
  if (error.startsWith('internal error')) return t('deliveryError.internal');
  const telegram = /^Telegram \w+: (.*)$/s.exec(error);
  if (telegram) {
    const detail = telegram[1] ?? '';
    if (detail.includes('bot token is malformed')) return t('deliveryError.telegram_token');
    const code = Number(/^(\d{3}) /.exec(detail)?.[1]);
    if (code === 403) return t('deliveryError.telegram_blocked');
    if (code === 401 || code === 404) return t('deliveryError.telegram_token');
    if (code === 400) return t('deliveryError.telegram_chat');
    if (code === 429) return t('deliveryError.telegram_slow_down');
    return t('deliveryError.telegram_unreachable', { detail });
  }
  return error;
}

const ASSET_KINDS = ['adAccounts', 'pages', 'pixels', 'catalogs'] as const;
const CHANGES = ['added', 'removed', 'changed'] as const;

export interface SyncReport {
  /** Something the member should look at: the token is not working, or a step did not run. */
  problem: boolean;
  lines: string[];
}

/** What "Sync now" did, sentence by sentence: the check with Meta, the renewal, the assets. */
export function syncReport(i18n: I18n, sync: SyncSummary): SyncReport {
  const { t } = i18n;
  const lines: string[] = [];
  let problem = false;

  lines.push(t(`sync.verify.${sync.verification}`));
  if (sync.verification !== 'valid') problem = true;

  if (sync.refresh !== 'skipped') {
    lines.push(t(`sync.refresh.${sync.refresh}`));
    if (sync.refresh === 'notExtended' || sync.refresh === 'failed') problem = true;
  }

  if (sync.assetsSkipped) {
    // Not Active is already said by the verification line.
    if (sync.assetsSkipped !== 'token_not_active' || sync.verification === 'valid') lines.push(t(`sync.assetsSkipped.${sync.assetsSkipped}`));
    if (sync.assetsSkipped !== 'token_not_active') problem = true;
  } else if (sync.assets) {
    if ((sync.assets.failedTokens ?? 0) > 0) {
      lines.push(t('sync.assets.metaFailed'));
      problem = true;
    } else {
      const changes: string[] = [];
      for (const kind of ASSET_KINDS) {
        const counts = sync.assets[kind];
        if (!counts) continue;
        for (const change of CHANGES) {
          const count = counts[change];
          if (typeof count === 'number' && count > 0) changes.push(t(`sync.change.${kind}.${change}`, { count }));
        }
      }
      lines.push(changes.length === 0 ? t('sync.assets.unchanged') : t('sync.assets.changes', { changes: changes.join(', ') }));
    }
  }
  return { problem, lines };
}

/** A path inside this UI (never another site), or undefined. */
export function internalPath(path: string | undefined | null): string | undefined {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : undefined;
}
