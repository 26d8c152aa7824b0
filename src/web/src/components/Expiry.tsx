import { useI18n } from '../i18n/index.tsx';
import type { MetaUser } from '../types.ts';

/**
 * "12 Mar 2026 · in 5 days", "Never expires" for tokens without an expiry (most System User tokens); once not Active, when and how
 * it stopped ("Expired on 3 Dec 2026", "Disabled on 3 Dec 2026"): a dead token's own expiry
 * ("in 60 days") would mislead.
 */
export function Expiry({ user }: { user: Pick<MetaUser, 'tokenType' | 'expiresAt' | 'status' | 'statusChangedAt'> }) {
  const { t, date, relative } = useI18n();
  if (user.status !== 'active') {
    return (
      <span className="expiry-rel expiry-past">
        <time dateTime={user.statusChangedAt}>{t(user.status === 'expired' ? 'expiry.expiredOn' : 'expiry.inactiveOn', { date: date(user.statusChangedAt) })}</time>
      </span>
    );
  }
  // A System User token may expire too (60 days, set_token_expires_in_60_days): its date is shown.
  if (!user.expiresAt) return <span className="muted nowrap">{t('expiry.never')}</span>;
  const past = new Date(user.expiresAt).getTime() < Date.now();
  return (
    <span className="expiry">
      <time dateTime={user.expiresAt}>{date(user.expiresAt)}</time>
      <span className={past ? 'expiry-rel expiry-past' : 'expiry-rel'}>{relative(user.expiresAt)}</span>
    </span>
  );
}
