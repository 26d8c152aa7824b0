/**
 * The profiles the Graph proxy and token checkouts use, with their sealed (encrypted) token,
 * kept in memory per workspace until a commit touching that workspace's profiles is heard on the
 * change feed (migration 009 adds token_version and secret_id to what the trigger watches). The
 * plaintext is never kept: it is decrypted per call. A change made by any process is seen by the
 * next call, as for the profile list; with the feed down every call reads the database.
 */
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Db } from '../db/database.ts';
import { createReadCache } from '../db/read-cache.ts';
import { parseId } from '../ids.ts';
import type { SealedSecret } from '../vault/vault.ts';
import { profileWithSealedToken } from './token-cache.queries.ts';
import type { MetaUser } from './tokens.queries.ts';

export interface CachedProfile {
  metaUser: MetaUser;
  sealed: SealedSecret;
}

export interface ProfileTokenCache {
  /**
   * A profile of the workspace by our id or Meta's user id; undefined when there is none.
   * `since`: when the request arrived (`ChangeFeed.sync`): a change committed before it counts.
   */
  get(workspaceId: string, idOrMetaId: string, since?: number): Promise<CachedProfile | undefined>;
}

export function createProfileTokenCache(db: Db, changes: ChangeFeed): ProfileTokenCache {
  const cache = createReadCache<CachedProfile | null>(changes, {
    topicOf: (payload) => (payload.startsWith('profiles:') ? payload.slice('profiles:'.length) : undefined),
    maxEntries: 50_000,
  });
  return {
    get: async (workspaceId, idOrMetaId, since) => {
      const ref = parseId(idOrMetaId, 'profile');
      if (!ref) return undefined;
      const key = 'ours' in ref ? `id:${ref.ours}` : `meta:${ref.metaId}`;
      const found = await cache.get(workspaceId, key, async () => (await profileWithSealedToken(db, workspaceId, 'ours' in ref ? { id: ref.ours } : { metaUserId: ref.metaId })) ?? null, since);
      return found ?? undefined;
    },
  };
}
