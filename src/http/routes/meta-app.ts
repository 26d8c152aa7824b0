import type { Hono } from 'hono';
import { countHeld } from '../../meta-app/app-health.queries.ts';
import type { AppHealth } from '../../meta-app/app-health.ts';
import type { Db } from '../../db/database.ts';
import { requireAdmin } from '../auth.ts';
import type { AppEnv } from '../context.ts';

/** What the admin banner and operators' tools read: whether Meta accepts the app, since when, why not. */
export async function describeAppHealth(health: Pick<AppHealth, 'state'>, db: Db, appId: string) {
  const state = await health.state();
  return {
    appId,
    healthy: state?.healthy ?? true,
    reason: state && !state.healthy ? state.reason : null,
    code: state && !state.healthy ? state.code : null,
    message: state && !state.healthy ? state.message : null,
    since: state?.changedAt.toISOString() ?? null,
    checkedAt: state?.checkedAt.toISOString() ?? null,
    heldVerifications: await countHeld(db),
  };
}

export function metaAppRoutes(health: AppHealth, db: Db, appId: string) {
  return (app: Hono<AppEnv>) => {
    app.get('/api/meta-app', async (c) => {
      requireAdmin(c);
      return c.json({ metaApp: await describeAppHealth(health, db, appId) });
    });
  };
}
