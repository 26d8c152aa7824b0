import { z } from '@hono/zod-openapi';
import { SYNC_NOW_INTERVAL_MS, syncProfileNow, type SyncNowDeps } from '../../tokens/sync-now.ts';
import { lastProfileSync } from '../../tokens/sync-now.queries.ts';
import { getWorkspaceMetaUser } from '../../tokens/tokens.queries.ts';
import { profileViews } from '../profile-views.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { profileOf } from '../resolve.ts';
import { idParam, metaUser, orNull, permissionSyncSummary, time, tokenStatus } from '../schemas.ts';

const params = z.object({ id: idParam('profile', 'its Meta user id') });

export const syncSummary = z
  .strictObject({
    profileId: z.uuid(),
    startedAt: time,
    finishedAt: time,
    verification: z.enum(['valid', 'expired', 'inactive', 'inconclusive', 'held', 'superseded', 'not_active']),
    refresh: z.enum(['refreshed', 'notExtended', 'failed', 'skipped', 'not_due']),
    assets: orNull(permissionSyncSummary),
    assetsSkipped: z.enum(['token_not_active', 'assets_unavailable', 'failed']).nullable(),
    status: tokenStatus,
  })
  .openapi('SyncSummary');

// A run that failed records only why (its summary is then `{profileId, startedAt, error}`).
const recordedSummary = z.union([syncSummary, z.strictObject({ profileId: z.uuid(), startedAt: time, error: z.string() })]);

export const profileSyncRouteDefs = {
  run: defineRoute({
    method: 'post',
    path: '/api/meta-users/{id}/sync',
    tag: 'Meta profiles',
    summary: '“Sync now”: verify the token, refresh it when due, then discovery and permission sync',
    access: { scopes: ['sync:run'] },
    params,
    responses: { 200: { description: 'What the sync did, and the profile after it.', schema: z.strictObject({ sync: syncSummary, metaUser: orNull(metaUser) }) } },
    errors: ['not_found', 'sync_rate_limited'],
  }),
  last: defineRoute({
    method: 'get',
    path: '/api/meta-users/{id}/sync',
    tag: 'Meta profiles',
    summary: 'The profile’s last “Sync now”, and when the next is allowed',
    access: 'signedIn',
    params,
    responses: {
      200: {
        description: 'The last run (null: never).',
        schema: z.strictObject({
          lastSync: z.strictObject({ startedAt: time, finishedAt: time.nullable(), summary: recordedSummary.nullable() }).nullable(),
          nextAllowedAt: time,
        }),
      },
    },
    errors: ['not_found'],
  }),
};

/** "Sync now" of one profile (people and API keys of its workspace), and its last run. */
export function profileSyncRoutes(deps: SyncNowDeps) {
  const { db, clock } = deps;
  return (app: ApiApp) => {
    mount(app, profileSyncRouteDefs.run, async (_c, { auth, params }) => {
      const found = await profileOf(db, auth.workspaceId, params.id);
      const sync = await syncProfileNow(deps, found, auth.kind === 'session' ? auth.member.id : null);
      const updated = await getWorkspaceMetaUser(db, auth.workspaceId, found.id);
      const [view] = updated ? await profileViews(db, [updated]) : [];
      return { status: 200, body: { sync: sync as z.input<typeof syncSummary>, metaUser: view ?? null } };
    });

    mount(app, profileSyncRouteDefs.last, async (_c, { auth, params }) => {
      const found = await profileOf(db, auth.workspaceId, params.id);
      const last = await lastProfileSync(db, found.id);
      const nextAllowedAt = last ? new Date(Math.max(last.startedAt.getTime() + SYNC_NOW_INTERVAL_MS, clock.now())) : new Date(clock.now());
      return {
        status: 200,
        body: {
          lastSync: last ? { startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null, summary: last.summary as z.input<typeof recordedSummary> | null } : null,
          nextAllowedAt: nextAllowedAt.toISOString(),
        },
      };
    });
  };
}
