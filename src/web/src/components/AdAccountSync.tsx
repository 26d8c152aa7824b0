import { blockedKeys } from '../adAccounts.ts';
import { useI18n } from '../i18n/index.tsx';
import type { AdAccount } from '../types.ts';

/** Whether Wevion syncs an ad account, or why not in words; shared by the list and the detail page. */
export function SyncState({ account }: { account: AdAccount }) {
  const { t } = useI18n();
  if (account.blockedReason) {
    return (
      <>
        <span className="pill pill-blocked" data-blocked={account.blockedReason}>
          {t('adAccounts.blocked')}: {t(blockedKeys(account.blockedReason).short)}
        </span>
        {/* Synced before it was blocked: what was stored stays, nothing new arrives. */}
        {account.lastSyncedAt && (
          <span className="history-kept" data-testid="history-kept">
            {t('adAccounts.historyKept')}
          </span>
        )}
      </>
    );
  }
  return <span className={`pill ${account.canSync ? 'pill-granted' : 'pill-missing'}`}>{account.canSync ? t('adAccounts.syncing') : t('adAccounts.notSyncing')}</span>;
}

export function LastSynced({ account }: { account: AdAccount }) {
  const { t, relative, dateTime } = useI18n();
  if (!account.lastSyncedAt) return <span className="muted">{t('adAccounts.neverSynced')}</span>;
  return (
    <time dateTime={account.lastSyncedAt} title={dateTime(account.lastSyncedAt)}>
      {relative(account.lastSyncedAt)}
    </time>
  );
}
