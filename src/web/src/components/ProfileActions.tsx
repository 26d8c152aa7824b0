import { useState } from 'react';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { startReconnect } from '../metaUsers.ts';
import type { MetaUser } from '../types.ts';
import { RefreshIcon, WarningIcon } from './icons.tsx';
import { useToast } from './toasts.tsx';

/** What a profile row and a profile page both show: its Reconnect button and its warnings. */
export function ReconnectButton({ user, label, className = 'btn btn-primary btn-sm' }: { user: MetaUser; label?: string; className?: string }) {
  const i18n = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await startReconnect(user.id);
    } catch (error) {
      toast('danger', errorText(i18n, error));
      setBusy(false);
    }
  };
  const text = label ?? i18n.t('action.reconnect');
  return (
    <button type="button" className={className} onClick={() => void go()} disabled={busy} aria-label={`${text} — ${user.name}`}>
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
