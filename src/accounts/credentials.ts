import type { Clock } from '../clock.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Db } from '../db/database.ts';
import { createReadCache } from '../db/read-cache.ts';
import type { Logger } from '../logger.ts';
import * as q from './accounts.queries.ts';
import { createApiKeyUses } from './api-keys.ts';
import { hashCredential } from './secrets.ts';

/** Who a request's credential is. */
export interface Credentials {
  /** `since`: when the request arrived (`ChangeFeed.sync`): a change committed before it counts. */
  memberForSession(sessionCookie: string, since?: number): Promise<q.Member | undefined>;
  workspaceForApiKey(key: string, since?: number): Promise<q.ApiKey | undefined>;
  /** A request made with this key was answered (not refused): its last use, to the minute. */
  keyUsed(id: string): void;
}

type Cached = { kind: 'session'; member: q.Member; expiresAt: number } | { kind: 'api_key'; key: q.ApiKey } | null;

/**
 * Every authenticated request needs its credential looked up; remembered here (by its hash) until
 * a session, member or key changes anywhere (migration 006 tells every process), so a sign-out,
 * a revoked key or a new role counts at once. Unknown credentials are never remembered. A key's
 * use is recorded (`last_used_at`) at most once a minute per key by this process, and only for
 * requests it was allowed to make: a refused request changes nothing.
 */
export function createCredentials(deps: { db: Db; clock: Clock; changes: ChangeFeed; logger?: Logger }): Credentials {
  const uses = createApiKeyUses({ db: deps.db, clock: deps.clock, logger: deps.logger });
  const cache = createReadCache<Cached>(deps.changes, { topicOf: (payload) => (payload === 'auth' ? 'auth' : undefined), maxEntries: 20_000, keep: (value) => value !== null });
  return {
    memberForSession: async (sessionCookie, since) => {
      if (!sessionCookie.startsWith('wevs_')) return undefined;
      const hash = hashCredential(sessionCookie);
      const found = await cache.get('auth', `s:${hash}`, async () => {
        const session = await q.findSession(deps.db, hash);
        return session ? { kind: 'session', member: session.member, expiresAt: session.expiresAt.getTime() } : null;
      }, since);
      return found?.kind === 'session' && found.expiresAt > deps.clock.now() ? found.member : undefined;
    },
    workspaceForApiKey: async (key, since) => {
      if (!key.startsWith('wevk_')) return undefined;
      const hash = hashCredential(key);
      const found = await cache.get('auth', `k:${hash}`, async () => {
        const row = await q.findApiKey(deps.db, hash);
        return row ? { kind: 'api_key', key: row } : null;
      }, since);
      return found?.kind === 'api_key' ? found.key : undefined;
    },
    keyUsed: (id) => void uses.touch(id),
  };
}
