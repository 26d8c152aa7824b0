import { useI18n } from '../i18n/index.tsx';
import type { MetaUser } from '../types.ts';

/** "12 Mar 2026 · in 5 days", "Never expires" for System User tokens, "No longer valid" once not Active. */
export function Expiry({ user }: { user: Pick<MetaUser, 'tokenType' | 'expiresAt' | 'status'> }) {
  const { t, date, relative } = useI18n();
  // A token Meta no longer accepts has no meaningful expiry left: say so instead of "in 60 days".
  if (user.status !== 'active') return <span className="expiry-rel expiry-past">{t('expiry.invalid')}</span>;
  if (user.tokenType === 'system_user' || !user.expiresAt) return <span className="muted nowrap">{t('expiry.never')}</span>;
  const past = new Date(user.expiresAt).getTime() < Date.now();
  return (
    <span className="expiry">
      <time dateTime={user.expiresAt}>{date(user.expiresAt)}</time>
      <span className={past ? 'expiry-rel expiry-past' : 'expiry-rel'}>{relative(user.expiresAt)}</span>
    </span>
  );
}
