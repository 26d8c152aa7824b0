import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { getApiKey, recordApiKeyUse, setApiKeyRevoked, type ApiKeyRow } from './api-keys.queries.ts';
import type { ApiKeyScope } from './scopes.ts';

export type { ApiKeyRow } from './api-keys.queries.ts';

/** What the CLI and the API show of a key: never the key, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const apiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/**
 * Revokes a key: every process refuses it (401) from its next request on. Within a workspace
 * when `workspaceId` is given (an admin): another workspace's key is "not found". Revoking a
 * revoked key changes nothing and says so.
 */
export async function revokeApiKey(deps: { db: Db; clock: Clock }, id: string, workspaceId?: string): Promise<{ key: ApiKeyRow; alreadyRevoked: boolean }> {
  const revoked = await setApiKeyRevoked(deps.db, id, new Date(deps.clock.now()), workspaceId);
  const key = await getApiKey(deps.db, id, workspaceId);
  if (!key) throw new AppError('not_found', `API key ${id} not found`);
  return { key, alreadyRevoked: !revoked };
}

/** How often one process writes a key's last use: the granularity of `last_used_at`. */
export const LAST_USE_EVERY_MS = 60_000;

export interface ApiKeyUses {
  /** A request authenticated with this key; returns the write when one was made (tests wait for it). */
  touch(id: string): Promise<void> | undefined;
}

/**
 * A key's last use without a write per request: each process writes it at most once a minute per
 * key (so with N processes a busy key costs at most N small updates a minute), in the background;
 * a failed write is logged and the next minute's tries again. `last_used_at` is therefore exact
 * to the minute.
 */
export function createApiKeyUses(deps: { db: Db; clock: Clock; logger?: Logger | undefined; everyMs?: number }): ApiKeyUses {
  const everyMs = deps.everyMs ?? LAST_USE_EVERY_MS;
  /** Key id → when this process last wrote its use. */
  const written = new Map<string, number>();
  return {
    touch(id) {
      const now = deps.clock.now();
      const last = written.get(id);
      if (last !== undefined && now - last < everyMs) return undefined;
      if (written.size >= 20_000) {
        for (const [key, at] of written) if (now - at >= everyMs) written.delete(key);
      }
      written.set(id, now);
      return recordApiKeyUse(deps.db, id, new Date(now)).catch((error: unknown) => {
        written.delete(id);
        deps.logger?.warn({ err: error, apiKeyId: id }, 'recording an API key’s last use failed; tried again at its next use');
      });
    },
  };
}
