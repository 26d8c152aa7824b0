import { useI18n } from '../i18n/index.tsx';
import { startReconnect } from '../metaUsers.ts';
import type { MetaUser } from '../types.ts';
import { RefreshIcon, WarningIcon } from './icons.tsx';
import { useAction } from './action.ts';

/** What a profile row and a profile page both show: its Reconnect button and its warnings. */
export function ReconnectButton({ user, label, className = 'btn btn-primary btn-sm' }: { user: MetaUser; label?: string; className?: string }) {
  const i18n = useI18n();
  const reconnect = useAction({ run: () => startReconnect(user.id) });
  // After a success the browser is on its way to Meta: the button stays off until it leaves.
  const busy = reconnect.busy || reconnect.done;
  const text = label ?? i18n.t('action.reconnect');
  return (
    <button type="button" className={className} onClick={() => reconnect.run()} disabled={busy} aria-label={`${text} — ${user.name}`}>
      <RefreshIcon />
      {busy ? i18n.t('action.redirecting') : text}
    </button>
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
