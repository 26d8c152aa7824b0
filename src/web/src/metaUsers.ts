import { useEffect, useState } from 'react';
import { call, client } from './api.ts';
import type { I18n, MessageKey } from './i18n/index.tsx';
import type { MetaUser, Permission } from './types.ts';
import { loadAll, usePaged, useResource, type Paged, type Resource } from './useResource.ts';

const metaUserPage = async (after: string | undefined, limit?: number, signal?: AbortSignal) => {
  const page = await call(client.GET('/api/meta-users', { params: { query: { ...(limit ? { limit } : {}), ...(after ? { after } : {}) } }, signal }));
  return { items: page.metaUsers, nextCursor: page.nextCursor };
};

/**
 * The profile list page by page, as the Meta Users page shows it: the first page, and more on
 * request. A reload starts again from the first page.
 */
export function useMetaUserPages(): Paged<MetaUser> {
  return usePaged('meta-users', (after, signal) => metaUserPage(after, undefined, signal));
}

/** Every profile of the workspace (for name lookups), following the cursor in big pages. */
export function useAllMetaUsers(): MetaUser[] | undefined {
  const [all, setAll] = useState<MetaUser[] | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    loadAll((after) => metaUserPage(after, 500, controller.signal)).then(setAll, () => {
      // Names are a convenience here: without them the page labels profiles by number.
    });
    return () => controller.abort();
  }, []);
  return all;
}

/** The permissions Wevion requests, in order, with the article's words: the server's own list. */
export function usePermissions(): Resource<Permission[]> {
  return useResource('permissions', async (signal) => (await call(client.GET('/api/permissions', { signal }))).permissions);
}

/** Reconnect is for user tokens that are not Active, or that Meta would not renew. */
export function canReconnect(user: MetaUser): boolean {
  return user.tokenType === 'user' && (user.status !== 'active' || user.needsReconnect);
}

/** Asks the service for the Meta dialog URL (with auth_type=rerequest when permissions were declined) and goes there. */
export async function startReconnect(id: string): Promise<void> {
  const { url } = await call(client.POST('/api/meta-users/{id}/reconnect', { params: { path: { id } } }));
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
