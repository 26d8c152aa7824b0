import { useEffect, useRef } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { useRouter } from '../router.tsx';
import { call, client } from '../api.ts';
import { useResource } from '../useResource.ts';

// Often enough that a fixed app clears the banner within a minute of the service noticing.
const REFRESH_MS = 60_000;

/**
 * For admins, on every page: Meta refusing the app itself (deleted, secret rotated) is the one
 * problem no marketer can fix by reconnecting, so the people who can fix it see it wherever they are.
 */
export function MetaAppBanner() {
  const { t, locale } = useI18n();
  const { pathname } = useRouter();
  const health = useResource('meta-app', (signal) => call(client.GET('/api/meta-app', { signal })));
  const { reload } = health;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  // A navigation is a moment to look again, without waiting for the timer.
  const seenPath = useRef(pathname);
  useEffect(() => {
    if (seenPath.current === pathname) return;
    seenPath.current = pathname;
    reload();
  }, [pathname, reload]);
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
