import { useEffect, useState } from 'react';
import { syncReport } from '../alerts.ts';
import { ApiError, call, client } from '../api.ts';
import { errorText } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import type { MetaUser, SyncSummary } from '../types.ts';
import { useAction } from './action.ts';
import { RefreshIcon } from './icons.tsx';
import { Alert } from './ui.tsx';

/**
 * "Sync now": verify with Meta, renew if due, rediscover the assets, then say what happened in
 * words. The service allows one run a minute per profile; when it refuses, the button stays off
 * until the time it gave (Retry-After), and the page says when. The button is turned off only on
 * the service's word: its clock, not the browser's, decides.
 */
export function useSyncNow(id: string, onSynced: (result: { sync: SyncSummary; metaUser: MetaUser | null }) => void) {
  const i18n = useI18n();
  const [done, setDone] = useState<SyncSummary | undefined>(undefined);
  const [limitedUntil, setLimitedUntil] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (limitedUntil === undefined) return;
    const timer = window.setTimeout(() => setLimitedUntil(undefined), Math.max(0, limitedUntil - Date.now()) + 250);
    return () => window.clearTimeout(timer);
  }, [limitedUntil]);

  const action = useAction({
    run: () => call(client.POST('/api/meta-users/{id}/sync', { params: { path: { id } } })),
    inline: true,
    onDone: (result) => {
      setDone(result.sync);
      setLimitedUntil(undefined);
      onSynced(result);
    },
    failureText: (error) => {
      if (!(error instanceof ApiError && error.code === 'sync_rate_limited')) return errorText(i18n, error);
      // The refusal has its own sentence (sync.rateLimited), with the time the service gave.
      const seconds = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : undefined;
      if (seconds !== undefined) setLimitedUntil(Date.now() + seconds * 1000);
      else {
        void call(client.GET('/api/meta-users/{id}/sync', { params: { path: { id } } }))
          .then((state) => Math.max(1, (new Date(state.nextAllowedAt).getTime() - Date.now()) / 1000), () => 60)
          .then((wait) => setLimitedUntil(Date.now() + wait * 1000));
      }
      return undefined;
    },
  });
  const run = () => {
    if (limitedUntil === undefined) action.run();
  };
  return { busy: action.busy, done, limitedUntil, failure: action.failure, run, dismissDone: () => setDone(undefined), dismissFailure: action.dismiss };
}

export function SyncButton({ sync }: { sync: ReturnType<typeof useSyncNow> }) {
  const { t } = useI18n();
  const limited = sync.limitedUntil !== undefined;
  return (
    <>
      <span id="sync-help" className="visually-hidden">
        {t('sync.help')}
      </span>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => sync.run()}
        // aria-disabled, not disabled: the button keeps keyboard focus while it is off.
        aria-disabled={sync.busy || limited}
        aria-describedby={limited ? 'sync-limited' : 'sync-help'}
        title={t('sync.help')}
        data-testid="sync-now"
      >
        <RefreshIcon />
        {sync.busy ? t('sync.running') : t('sync.button')}
      </button>
    </>
  );
}

export function SyncResult({ sync }: { sync: ReturnType<typeof useSyncNow> }) {
  const i18n = useI18n();
  const { t, time } = i18n;
  const report = sync.done ? syncReport(i18n, sync.done) : undefined;
  return (
    <div id="sync-result" className="sync-result">
      {sync.limitedUntil !== undefined && (
        <Alert tone="info">
          <p id="sync-limited">{t('sync.rateLimited', { time: time(new Date(sync.limitedUntil)) })}</p>
        </Alert>
      )}
      {sync.failure && (
        <Alert tone="danger" onDismiss={sync.dismissFailure}>
          <p>{sync.failure}</p>
        </Alert>
      )}
      {report && (
        <Alert tone={report.problem ? 'warning' : 'success'} title={report.problem ? t('sync.problemTitle') : t('sync.doneTitle')} onDismiss={sync.dismissDone}>
          <ul className="sync-lines">
            {report.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

