import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call, client, setUnauthenticatedHandler } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { ToastProvider, useToast } from './components/toasts.tsx';
import { Loading } from './components/ui.tsx';
import { createQueryClient } from './queries/queryClient.ts';
import { errorText } from './errors.ts';
import { I18nProvider, makeI18n } from './i18n/index.tsx';
import { AdAccountDetailPage } from './pages/AdAccountDetail.tsx';
import { AdAccountsPage } from './pages/AdAccounts.tsx';
import { AdminAlertsPage } from './pages/AdminAlerts.tsx';
import { AdminApiKeysPage } from './pages/AdminApiKeys.tsx';
import { AdminJobsPage } from './pages/AdminJobs.tsx';
import { AlertPreferencesPage } from './pages/AlertPreferences.tsx';
import { MetaUserDetailPage } from './pages/MetaUserDetail.tsx';
import { MetaUsersPage } from './pages/MetaUsers.tsx';
import { NotFoundPage, ForbiddenPage } from './pages/NotFound.tsx';
import { NotificationsPage } from './pages/Notifications.tsx';
import { OutboxPage } from './pages/Outbox.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { RouterProvider, useRouter } from './router.tsx';
import { SessionContext, storedLocale, storeLocale, type SessionApi } from './session.tsx';
import type { Locale, Session } from './types.ts';
import { isServerPath, pathFor } from './paths.ts';

export function App() {
  return (
    <RouterProvider>
      <Root />
    </RouterProvider>
  );
}

/** Where to go after signing in: only a path of ours, never another site. */
function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  // Browsers read "/\\host" as "//host": only a path that stays on this origin is followed.
  const sameOrigin = next !== null && next.startsWith('/') && !next.includes('\\') && new URL(next, window.location.origin).origin === window.location.origin;
  return next && sameOrigin && !next.startsWith('//') && !next.startsWith(pathFor('login')) ? next : pathFor('metaUsers');
}

function Root() {
  const { route, pathname, search, navigate } = useRouter();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [guestLocale, setGuestLocale] = useState<Locale>(storedLocale);
  const locale = session?.member.locale ?? guestLocale;

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    const controller = new AbortController();
    // GET /api/session answers signed out too (member: null): the sign-in page makes no refused request.
    call(client.GET('/api/session', { signal: controller.signal }), { quiet401: true }).then(
      (current) => setSession(current.member ? { member: current.member, demoMode: current.demoMode } : null),
      (error: unknown) => {
        if ((error as { name?: string }).name !== 'AbortError') setSession(null);
      },
    );
    setUnauthenticatedHandler(() => setSession(null));
    return () => {
      controller.abort();
      setUnauthenticatedHandler(undefined);
    };
  }, []);

  // Signed out → the sign-in page remembers where the person was going; signed in → never the sign-in page.
  useEffect(() => {
    if (session === undefined) return;
    if (session === null && route?.name !== 'login') {
      const here = `${pathname}${search}`;
      navigate(here === pathFor('home') ? pathFor('login') : `${pathFor('login')}?next=${encodeURIComponent(here)}`, { replace: true });
    } else if (session && (route?.name === 'login' || route?.name === 'home')) {
      const next = route.name === 'login' ? safeNext(search) : pathFor('metaUsers');
      // An email's one-click reconnect, after signing in: the server takes the browser to Meta.
      if (isServerPath(next)) window.location.replace(next);
      else navigate(next, { replace: true });
    }
  }, [session, route, pathname, search, navigate]);

  const changeGuestLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setGuestLocale(next);
  }, []);

  return (
    <I18nProvider locale={locale}>
      <ToastProvider>
        {session === undefined ? (
          <div className="splash">
            <Loading />
          </div>
        ) : session === null ? (
          route?.name === 'login' ? (
            <SignInPage onSignedIn={setSession} onLocaleChange={changeGuestLocale} />
          ) : (
            <div className="splash">
              <Loading />
            </div>
          )
        ) : (
          <SignedIn session={session} setSession={setSession} />
        )}
      </ToastProvider>
    </I18nProvider>
  );
}

function SignedIn({ session, setSession }: { session: Session; setSession(session: Session | null): void }) {
  const { route, navigate } = useRouter();
  const toast = useToast();
  // One cache per signed-in session: signing out drops it, so the next person never sees it.
  const [queryClient] = useState(createQueryClient);

  const value = useMemo<SessionApi>(
    () => ({
      session,
      signOut: async () => {
        await call(client.DELETE('/api/session')).catch(() => undefined);
        setSession(null);
        navigate(pathFor('login'), { replace: true });
      },
      setLocale: async (next: Locale) => {
        const previous = session.member.locale;
        storeLocale(next);
        setSession({ ...session, member: { ...session.member, locale: next } });
        try {
          await call(client.PATCH('/api/me', { body: { locale: next } }));
        } catch (error) {
          storeLocale(previous);
          setSession({ ...session, member: { ...session.member, locale: previous } });
          toast('danger', errorText(makeI18n(previous), error));
        }
      },
    }),
    [session, setSession, navigate, toast],
  );

  let page;
  switch (route?.name) {
    case 'metaUsers':
      page = <MetaUsersPage />;
      break;
    case 'metaUser':
      // Keyed by profile: what "Sync now" said about one profile is not shown on another's page.
      page = <MetaUserDetailPage key={route.params.id} id={route.params.id ?? ''} />;
      break;
    case 'adAccounts':
      page = <AdAccountsPage />;
      break;
    case 'adAccount':
      page = <AdAccountDetailPage id={route.params.id ?? ''} />;
      break;
    case 'notifications':
      page = <NotificationsPage />;
      break;
    case 'alertPreferences':
      page = <AlertPreferencesPage />;
      break;
    case 'adminJobs':
      page = session.member.role === 'admin' ? <AdminJobsPage /> : <ForbiddenPage />;
      break;
    case 'adminAlerts':
      page = session.member.role === 'admin' ? <AdminAlertsPage /> : <ForbiddenPage />;
      break;
    case 'adminOutbox':
      page = session.member.role === 'admin' ? <OutboxPage /> : <ForbiddenPage />;
      break;
    case 'adminApiKeys':
      page = session.member.role === 'admin' ? <AdminApiKeysPage /> : <ForbiddenPage />;
      break;
    case 'home':
    case 'login':
      page = <Loading />;
      break;
    default:
      page = <NotFoundPage />;
  }

  return (
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={value}>
        <Layout>{page}</Layout>
      </SessionContext.Provider>
    </QueryClientProvider>
  );
}
