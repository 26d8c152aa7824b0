import { ApiError } from './api.ts';
import type { I18n, MessageKey } from './i18n/index.tsx';

/** Codes with their own sentence in the catalogue; anything else shows the service's own words. */
const KNOWN: Record<string, MessageKey> = {
  network_error: 'errors.network_error',
  unauthenticated: 'errors.unauthenticated',
  invalid_credentials: 'errors.invalid_credentials',
  forbidden: 'errors.forbidden',
  csrf_rejected: 'errors.csrf_rejected',
  not_found: 'errors.not_found',
  internal_error: 'errors.internal_error',
  meta_unavailable: 'errors.meta_unavailable',
  meta_version_refused: 'errors.meta_version_refused',
  rate_limited: 'errors.rate_limited',
  different_account: 'errors.different_account',
  queue_not_started: 'errors.not_ready',
  not_ready: 'errors.not_ready',
  preference_locked: 'errors.preference_locked',
  telegram_not_configured: 'errors.telegram_not_configured',
  telegram_unavailable: 'errors.telegram_unavailable',
};

/** An error in the member's words: what happened and, where we know it, what to do. */
export function errorText(i18n: I18n, error: unknown): string {
  if (!(error instanceof ApiError)) return i18n.t('errors.internal_error');
  if (error.code === 'too_many_attempts') {
    const seconds = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : 900;
    return i18n.t('errors.too_many_attempts', { count: Math.max(1, Math.ceil(seconds / 60)) });
  }
  if (error.code === 'sync_rate_limited') {
    const seconds = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : 60;
    return i18n.t('errors.sync_rate_limited', { count: Math.max(1, Math.round(seconds)) });
  }
  if (error.code === 'invalid_input') return i18n.t('errors.invalid_input', { message: error.message });
  const key = KNOWN[error.code];
  if (key) return i18n.t(key);
  return i18n.t('errors.generic', { message: error.message || error.code });
}
