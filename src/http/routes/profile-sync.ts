import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { SYNC_NOW_INTERVAL_MS, syncProfileNow, type SyncNowDeps } from '../../tokens/sync-now.ts';
import { lastProfileSync } from '../../tokens/sync-now.queries.ts';
import { getWorkspaceMetaUser } from '../../tokens/tokens.queries.ts';
import { toViews } from '../../tokens/views.ts';
import { requireAuth, requireScope } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { uuidParam } from '../validate.ts';

/** "Sync now" of one profile (people and API keys of its workspace), and its last run. */
export function profileSyncRoutes(deps: SyncNowDeps) {
  const { db, clock } = deps.tokens.deps;
  const profile = async (workspaceId: string, id: string) => {
    const found = await getWorkspaceMetaUser(db, workspaceId, id);
    if (!found) throw new AppError('not_found', 'Meta profile not found');
    return found;
  };

  return (app: Hono<AppEnv>) => {
    app.post('/api/meta-users/:id/sync', async (c) => {
      const auth = requireScope(c, ['sync:run']);
      const found = await profile(auth.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      const sync = await syncProfileNow(deps, found, auth.kind === 'session' ? auth.member.id : null);
      const updated = await getWorkspaceMetaUser(db, auth.workspaceId, found.id);
      const [view] = updated ? await toViews(db, [updated]) : [];
      return c.json({ sync, metaUser: view ?? null });
    });

    app.get('/api/meta-users/:id/sync', async (c) => {
      const auth = requireAuth(c);
      const found = await profile(auth.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      const last = await lastProfileSync(db, found.id);
      const nextAllowedAt = last ? new Date(Math.max(last.startedAt.getTime() + SYNC_NOW_INTERVAL_MS, clock.now())) : new Date(clock.now());
      return c.json({
        lastSync: last ? { startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null, summary: last.summary } : null,
        nextAllowedAt: nextAllowedAt.toISOString(),
      });
    });
  };
}
