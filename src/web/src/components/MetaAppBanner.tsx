import { useQuery } from '@tanstack/react-query';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useRefetchOnNavigation } from '../queries/refetchOnNavigation.ts';
import { call, client } from '../api.ts';
import { queryKeys } from '../queries/keys.ts';

// Often enough that a fixed app clears the banner within a minute of the service noticing.
const REFRESH_MS = 60_000;

/** Days before the end of the API version when admins start seeing it (the operator emails' first threshold). */
const VERSION_WARN_DAYS = 90;

/**
 * For admins, on every page: Meta refusing the app itself (deleted, secret rotated), and Meta's API
 * version nearing its end or already refused, are problems no marketer can fix by reconnecting,
 * so the people who can fix them see them wherever they are.
 */
export function MetaAppBanner() {
  const { t, locale } = useI18n();
  const health = useQuery({ queryKey: queryKeys.metaApp(), queryFn: ({ signal }) => call(client.GET('/api/meta-app', { signal })), refetchInterval: REFRESH_MS, refetchIntervalInBackground: true });
  const { refetch } = health;
  useRefetchOnNavigation(refetch);
  const app = health.data?.metaApp;
  if (!app) return null;
  const since = app.since ? new Date(app.since).toLocaleString(locale) : '—';
  const version = app.apiVersion;
  const endsOn = version.endsAt ? new Date(new Date(version.endsAt).getTime() - 1).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '—';
  const versionProblem = version.adsRefused
    ? t('metaApp.version.adsRefused', { version: version.configured, message: version.adsRefused.message })
    : version.servedAs
      ? t('metaApp.version.servedAs', { version: version.configured, servedAs: version.servedAs })
      : version.daysLeft !== null && version.daysLeft <= VERSION_WARN_DAYS
        ? t(version.daysLeft > 0 ? 'metaApp.version.ending' : 'metaApp.version.ended', { version: version.configured, date: endsOn, days: version.daysLeft })
        : undefined;
  return (
    <>
      {!app.healthy && (
        <div className="meta-app-banner" role="alert">
          <strong>{t('metaApp.bannerTitle')}</strong> {t(`metaApp.reason.${app.reason ?? 'app_refused'}` as MessageKey, { code: app.code ?? '—' })}{' '}
          {t('metaApp.bannerText', { since, held: app.heldVerifications })}
        </div>
      )}
      {versionProblem && (
        <div className="meta-app-banner" role="alert">
          <strong>{t('metaApp.version.title')}</strong> {versionProblem} {t('metaApp.version.fix')}
        </div>
      )}
    </>
  );
}
