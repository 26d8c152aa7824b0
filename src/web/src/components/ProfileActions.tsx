import { useId } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { reconnectPath } from '../paths.ts';
import type { MetaUser } from '../types.ts';
import { RefreshIcon, WarningIcon } from './icons.tsx';
import './ProfileActions.css';

/**
 * Reconnect in one click: a link (a navigation, not an action here) straight to Meta's dialog for
 * this profile, which comes back to its page. Its description names whom to log in as on Meta,
 * before the person leaves; `hint` shows it on the page as well.
 */
export function ReconnectButton({ user, label, className = 'btn btn-primary btn-sm', hint = false }: { user: Pick<MetaUser, 'id' | 'name'> & Partial<Pick<MetaUser, 'connection'>>; label?: string; className?: string; hint?: boolean }) {
  const { t } = useI18n();
  const hintId = useId();
  // A business connection goes to Meta's business dialog: an admin of the business chooses it there.
  const business = user.connection === 'business';
  const text = label ?? t(business ? 'action.reconnectBusiness' : 'action.reconnect');
  const logInAs = t(business ? 'reconnect.logInAsBusinessAdmin' : 'reconnect.logInAs', { name: user.name });
  return (
    <>
      <a className={className} href={reconnectPath(user.id)} aria-label={`${text} — ${user.name}`} aria-describedby={hintId} title={logInAs} data-testid="reconnect">
        <RefreshIcon />
        {text}
      </a>
      <span id={hintId} className={hint ? 'reconnect-hint' : 'visually-hidden'}>
        {logInAs}
      </span>
    </>
  );
}

export function Warnings({ user }: { user: MetaUser }) {
  const { t } = useI18n();
  const missing = user.declinedScopes.length;
  if (!user.needsReconnect && missing === 0) return null;
  return (
    <ul className="warnings">
      {user.needsReconnect && (
        <li className="warning-chip">
          <WarningIcon />
          {t('warn.needsReconnect')}
        </li>
      )}
      {missing > 0 && (
        <li className="warning-chip">
          <WarningIcon />
          {t('warn.permissionsMissing', { count: missing })}
        </li>
      )}
    </ul>
  );
}

/** "3 ad accounts affected, 1 not covered by another profile": what a broken token stops, in one line. */
export function ImpactLine({ user }: { user: Pick<MetaUser, 'impact'> }) {
  const { t } = useI18n();
  const impact = user.impact;
  if (!impact || impact.adAccounts === 0) return null;
  return (
    <p className="impact-line" data-testid="impact">
      {t('impact.affected', { count: impact.adAccounts })},{' '}
      <span className={impact.uncovered > 0 ? 'impact-uncovered' : undefined}>{impact.uncovered > 0 ? t('impact.uncovered', { count: impact.uncovered }) : t('impact.allCovered')}</span>
    </p>
  );
}
