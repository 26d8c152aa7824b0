import { useQueries, useQuery } from '@tanstack/react-query';
import { call, client } from './api.ts';
import { queryKeys } from './queries/keys.ts';
import { usePagedQuery } from './queries/paged.ts';
import type { I18n } from './i18n/index.tsx';
import type { MetaUser, Permission, TokenStatus } from './types.ts';

/** The Meta Users page's filters (from its address: `?status=&q=`). */
export interface ProfileFilter {
  status?: TokenStatus | undefined;
  q?: string | undefined;
}

/**
 * The profile list page by page, as the Meta Users page shows it: what needs someone first
 * (`order=attention`), filtered; the first page, and more on request.
 */
export function useMetaUserPages(filter: ProfileFilter) {
  return usePagedQuery<MetaUser>(queryKeys.metaUsers.list(filter), async (after, signal) => {
    const query = { order: 'attention' as const, ...(filter.status ? { status: filter.status } : {}), ...(filter.q ? { q: filter.q } : {}), ...(after ? { after } : {}) };
    const page = await call(client.GET('/api/meta-users', { params: { query }, signal }));
    return { items: page.metaUsers, nextCursor: page.nextCursor };
  });
}

/** Only the profiles that need attention (the notice's "see which"), page by page. */
export function useAttentionPages(enabled: boolean) {
  return usePagedQuery<MetaUser>(
    queryKeys.metaUsers.attentionList(),
    async (after, signal) => {
      const page = await call(client.GET('/api/meta-users/attention', { params: { query: after ? { after } : {} }, signal }));
      return { items: page.metaUsers, nextCursor: page.nextCursor };
    },
    { enabled },
  );
}

/** One profile, cached under its id: the detail page and every page naming it share the answer. */
export const metaUserQuery = (id: string) => ({
  queryKey: queryKeys.metaUsers.one(id),
  queryFn: ({ signal }: { signal: AbortSignal }) => call(client.GET('/api/meta-users/{id}', { params: { path: { id } }, signal })),
});

/**
 * The names of a few profiles (those an ad account is reached by), each from the cached profile
 * query: no page loads the whole workspace's list to label three links. A name that cannot be
 * read is left out; the caller labels that profile by number.
 */
export function useProfileNames(ids: string[]): Map<string, string> {
  const results = useQueries({ queries: ids.map((id) => metaUserQuery(id)) });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const user = result.data?.metaUser;
    if (user) names.set(ids[index] as string, user.name);
  });
  return names;
}

/** The permissions Wevion requests, in order, with the article's words: the server's own list. */
export function usePermissions() {
  return useQuery({
    queryKey: queryKeys.permissions(),
    queryFn: async ({ signal }) => (await call(client.GET('/api/permissions', { signal }))).permissions as Permission[],
    // The list changes only with a new release of the service.
    staleTime: Infinity,
  });
}

/**
 * How many of the person's profiles (an admin: the workspace's) need someone to act, and the
 * first of them: the notice on every page. Polled like the bell, and refreshed by any change to
 * profiles (its key is under metaUsers.all).
 */
export function useAttention() {
  return useQuery({
    queryKey: queryKeys.metaUsers.attention(),
    queryFn: ({ signal }) => call(client.GET('/api/meta-users/attention', { params: { query: { limit: 1 } }, signal })),
    refetchInterval: ATTENTION_POLL_MS,
  });
}
const ATTENTION_POLL_MS = 30_000;

/** Reconnect is for user tokens that are not Active, or that Meta would not renew. */
export function canReconnect(user: MetaUser): boolean {
  return user.tokenType === 'user' && (user.status !== 'active' || user.needsReconnect);
}

/**
 * A business connection that needs its business connected again: an admin does it through
 * Meta's business dialog (Reconnect business), whatever its type says of the others.
 */
export function canReconnectBusiness(user: MetaUser, isAdmin: boolean): boolean {
  return isAdmin && user.connection === 'business' && (user.status !== 'active' || user.needsReconnect);
}

/** "System User — business integration", "System User", "User": the profile's kind in words. */
export function kindKey(user: Pick<MetaUser, 'tokenType' | 'connection'>): 'connection.business' | 'tokenType.user' | 'tokenType.system_user' {
  return user.connection === 'business' ? 'connection.business' : user.tokenType === 'user' ? 'tokenType.user' : 'tokenType.system_user';
}

/** An Active user token with a permission declined on Meta: a reconnect re-asks it (`auth_type=rerequest`). */
export function canGrantMissing(user: MetaUser): boolean {
  return user.tokenType === 'user' && user.declinedScopes.length > 0;
}

/**
 * "Password changed on Meta (190/460)": the cause in the service's words (`causeWords`, from its
 * one table, meta/token-causes.ts) in the member's language, with Meta's codes. An answer without
 * them (an event that is no status change) falls back to the service's `cause`, then `message`.
 */
export function causeText(
  i18n: I18n,
  event: { code: number | null; subcode: number | null; causeWords?: { en: string; it: string } | null; cause?: string | null; message?: string | null },
): string | undefined {
  const words = event.causeWords?.[i18n.locale] ?? event.cause ?? event.message ?? undefined;
  if (!words) return undefined;
  if (event.code === null) return words;
  return `${words} (${event.code}${event.subcode !== null ? `/${event.subcode}` : ''})`;
}
