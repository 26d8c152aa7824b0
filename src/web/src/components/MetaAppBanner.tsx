import { useQuery } from '@tanstack/react-query';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useRefetchOnNavigation } from '../queries/refetchOnNavigation.ts';
import { call, client } from '../api.ts';
import { queryKeys } from '../queries/keys.ts';

// Often enough that a fixed app clears the banner within a minute of the service noticing.
const REFRESH_MS = 60_000;

/**
 * For admins, on every page: Meta refusing the app itself (deleted, secret rotated) is the one
 * problem no marketer can fix by reconnecting, so the people who can fix it see it wherever they are.
 */
export function MetaAppBanner() {
  const { t, locale } = useI18n();
  const health = useQuery({ queryKey: queryKeys.metaApp(), queryFn: ({ signal }) => call(client.GET('/api/meta-app', { signal })), refetchInterval: REFRESH_MS, refetchIntervalInBackground: true });
  const { refetch } = health;
  useRefetchOnNavigation(refetch);
  const app = health.data?.metaApp;
  if (!app || app.healthy) return null;
  const since = app.since ? new Date(app.since).toLocaleString(locale) : '—';
  return (
    <div className="meta-app-banner" role="alert">
      <strong>{t('metaApp.bannerTitle')}</strong> {t(`metaApp.reason.${app.reason ?? 'app_refused'}` as MessageKey, { code: app.code ?? '—' })}{' '}
      {t('metaApp.bannerText', { since, held: app.heldVerifications })}
    </div>
  );
}
