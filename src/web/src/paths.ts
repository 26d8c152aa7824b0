/**
 * The UI's client-side routes. The server answers exactly these paths with index.html (see
 * src/http/routes/web.ts), and the client router matches the same list, so the two never disagree.
 */
export const ROUTES = {
  home: '/',
  login: '/login',
  metaUsers: '/meta-users',
  metaUser: '/meta-users/:id',
  adAccounts: '/ad-accounts',
  adAccount: '/ad-accounts/:id',
  notifications: '/notifications',
  alertPreferences: '/settings/alerts',
  adminJobs: '/admin/jobs',
  adminAlerts: '/admin/alerts',
  adminOutbox: '/admin/outbox',
  adminApiKeys: '/admin/api-keys',
} as const;

export type RouteName = keyof typeof ROUTES;

export interface RouteMatch {
  name: RouteName;
  params: Record<string, string>;
}

/** Matches a pathname against ROUTES; a trailing slash is tolerated. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const [name, pattern] of Object.entries(ROUTES) as Array<[RouteName, string]>) {
    const expected = pattern.split('/').filter(Boolean);
    if (expected.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < expected.length; i++) {
      const want = expected[i] as string;
      const got = parts[i] as string;
      if (want.startsWith(':')) {
        let value: string;
        try {
          value = decodeURIComponent(got);
        } catch {
          ok = false;
          break;
        }
        params[want.slice(1)] = value;
      } else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (ok) return { name, params };
  }
  return undefined;
}

/** The `:name` parameters of a route pattern: '/meta-users/:id' → 'id'. */
type ParamsOf<P extends string> = P extends `${string}:${infer K}/${infer Rest}` ? K | ParamsOf<`/${Rest}`> : P extends `${string}:${infer K}` ? K : never;
type ParamsArg<N extends RouteName> = [ParamsOf<(typeof ROUTES)[N]>] extends [never] ? [] : [Record<ParamsOf<(typeof ROUTES)[N]>, string>];

/**
 * Builds a path from a route and its parameters (encoded); every link and navigation of the UI
 * goes through it, so a route renamed here is renamed everywhere, and a missing parameter is a
 * type error: pathFor('metaUser', { id }).
 */
export function pathFor<N extends RouteName>(name: N, ...[params]: ParamsArg<N>): string {
  const values: Record<string, string> = params ?? {};
  return ROUTES[name].replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
}

/**
 * The one-click reconnect: a server route, not a page of the UI. A full navigation to it goes
 * straight to Meta's dialog for that profile and comes back to the profile's page.
 */
export function reconnectPath(profileId: string): string {
  return `/connect/meta/reconnect/${encodeURIComponent(profileId)}`;
}

/** Paths the server answers itself (Meta's dialog and back): the browser goes there, the router does not. */
export function isServerPath(path: string): boolean {
  return path.startsWith('/connect/');
}
