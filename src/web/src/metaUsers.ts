import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';
import type { I18n, MessageKey } from './i18n/index.tsx';
import type { MetaUser } from './types.ts';
import { useResource, type Resource } from './useResource.ts';

/** One page of `GET /api/meta-users`: `nextCursor` is null on the last page. */
export interface MetaUserPage {
  metaUsers: MetaUser[];
  nextCursor: string | null;
}

const pagePath = (after: string | null, limit?: number) => {
  const query = new URLSearchParams();
  if (limit) query.set('limit', String(limit));
  if (after) query.set('after', after);
  const text = query.toString();
  return text ? `/api/meta-users?${text}` : '/api/meta-users';
};

/**
 * The profile list page by page, as the Meta Users page shows it: the first page, and more on
 * request. A reload starts again from the first page.
 */
export function useMetaUserPages(): { first: Resource<MetaUserPage>; list: MetaUser[] | undefined; hasMore: boolean; loadMore(): Promise<void> } {
  const first = useResource<MetaUserPage>('/api/meta-users');
  const [more, setMore] = useState<{ after: MetaUserPage; users: MetaUser[]; next: string | null } | undefined>(undefined);
  const current = more && more.after === first.data ? more : undefined;
  const next = current ? current.next : (first.data?.nextCursor ?? null);
  const loadMore = useCallback(async () => {
    if (!first.data || !next) return;
    const page = await api<MetaUserPage>(pagePath(next));
    setMore({ after: first.data, users: [...(current?.users ?? []), ...page.metaUsers], next: page.nextCursor });
  }, [first.data, next, current]);
  const list = first.data ? [...first.data.metaUsers, ...(current?.users ?? [])] : undefined;
  return { first, list, hasMore: next !== null, loadMore };
}

/** Every profile of the workspace (for name lookups), following the cursor in big pages. */
export function useAllMetaUsers(): MetaUser[] | undefined {
  const [all, setAll] = useState<MetaUser[] | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      const users: MetaUser[] = [];
      let after: string | null = null;
      do {
        const page: MetaUserPage = await api<MetaUserPage>(pagePath(after, 500), { signal: controller.signal });
        users.push(...page.metaUsers);
        after = page.nextCursor;
      } while (after);
      setAll(users);
    })().catch(() => {
      // Names are a convenience here: without them the page labels profiles by number.
    });
    return () => controller.abort();
  }, []);
  return all;
}

/** The permissions Wevion asks for, in the order of the help-centre article's table. */
export const REQUESTED_SCOPES = [
  'email',
  'ads_management',
  'ads_read',
  'instagram_basic',
  'instagram_content_publish',
  'pages_manage_ads',
  'pages_manage_metadata',
  'pages_read_engagement',
  'pages_show_list',
  'catalog_management',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'read_insights',
  'business_management',
] as const;

/** Reconnect is for user tokens that are not Active, or that Meta would not renew. */
export function canReconnect(user: MetaUser): boolean {
  return user.tokenType === 'user' && (user.status !== 'active' || user.needsReconnect);
}

/** Asks the service for the Meta dialog URL (with auth_type=rerequest when permissions were declined) and goes there. */
export async function startReconnect(id: string): Promise<void> {
  const { url } = await api<{ url: string }>(`/api/meta-users/${encodeURIComponent(id)}/reconnect`, { method: 'POST' });
  window.location.assign(url);
}

const SUBCODE_CAUSES: Record<number, MessageKey> = {
  458: 'cause.190.458',
  459: 'cause.190.459',
  460: 'cause.190.460',
  463: 'cause.190.463',
  464: 'cause.190.464',
  467: 'cause.190.467',
  492: 'cause.190.492',
  493: 'cause.190.493',
};

/**
 * "Password changed on Meta (190/460)": what Meta's codes mean, in the member's language. The
 * service's own `cause` (English words) is used only for codes we have no sentence for; a
 * status change without any code is a validation failure (debug_token said is_valid: false).
 */
export function causeText(i18n: I18n, event: { code: number | null; subcode: number | null; cause?: string | null; message?: string | null }): string | undefined {
  let words: string | undefined;
  if (event.code === 190) words = i18n.t(event.subcode !== null && SUBCODE_CAUSES[event.subcode] ? (SUBCODE_CAUSES[event.subcode] as MessageKey) : 'cause.190');
  else if (event.code === 102) words = i18n.t('cause.102');
  else if (event.code === 368 || event.code === 1487851) words = i18n.t('cause.blocked');
  else if (event.code === null && event.cause) words = i18n.t('cause.validation');
  if (!words) words = event.cause ?? event.message ?? undefined;
  if (!words) return undefined;
  if (event.code === null) return words;
  return `${words} (${event.code}${event.subcode !== null ? `/${event.subcode}` : ''})`;
}
