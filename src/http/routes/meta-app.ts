import { z } from '@hono/zod-openapi';
import { countHeld } from '../../meta-app/app-health.queries.ts';
import type { AppHealth } from '../../meta-app/app-health.ts';
import type { ApiVersionWatch } from '../../meta-app/api-version.ts';
import type { Db } from '../../db/database.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { time } from '../schemas.ts';
import { metaSignalsSchema } from './meta-signals-schema.ts';
import type { SignalsDescription } from '../../meta-signals/service.ts';

/** What the admin banner and operators' tools read: whether Meta accepts the app, since when, why not. */
export async function describeAppHealth(health: Pick<AppHealth, 'state' | 'ownCredentials'>, db: Db, appId: string, versions: Pick<ApiVersionWatch, 'status'>) {
  const state = await health.state();
  const own = health.ownCredentials();
  const version = await versions.status();
  return {
    appId,
    healthy: state?.healthy ?? true,
    reason: state && !state.healthy ? state.reason : null,
    code: state && !state.healthy ? state.code : null,
    message: state && !state.healthy ? state.message : null,
    since: state?.changedAt.toISOString() ?? null,
    checkedAt: state?.checkedAt.toISOString() ?? null,
    heldVerifications: await countHeld(db),
    ownCredentials: { refused: own.refused, variable: own.variable, message: own.message, since: own.since?.toISOString() ?? null },
    apiVersion: { configured: version.configured, servedAs: version.servedAs, endsAt: version.endsAt, daysLeft: version.daysLeft, endingApi: version.endingApi, adsRefused: version.adsRefused },
  };
}

export const metaAppRouteDef = defineRoute({
  method: 'get',
  path: '/api/meta-app',
  tag: 'Operations',
  summary: 'Whether Meta accepts the app itself (the admins’ banner)',
  access: 'admin',
  responses: {
    200: {
      description: 'The app’s health.',
      schema: z.strictObject({
        metaApp: z
          .strictObject({
            appId: z.string(),
            healthy: z.boolean(),
            reason: z.enum(['app_invalid', 'app_token_refused', 'app_refused']).nullable(),
            code: z.number().int().nullable(),
            message: z.string().nullable(),
            since: time.nullable(),
            checkedAt: time.nullable(),
            heldVerifications: z.number().int().openapi({ description: 'Token checks waiting until Meta accepts the app again.' }),
            ownCredentials: z
              .strictObject({
                refused: z.boolean(),
                variable: z.enum(['META_APP_ID', 'META_APP_SECRET']).nullable(),
                message: z.string().nullable(),
                since: time.nullable(),
              })
              .openapi({ description: 'What Meta said of the credentials of the process that answered: refused while they are not the deployment’s (that process is not ready).' }),
            apiVersion: z
              .strictObject({
                configured: z.string().openapi({ description: 'META_GRAPH_VERSION.' }),
                servedAs: z.string().nullable().openapi({ description: 'The version Meta answered with (`facebook-api-version`) when it is not the configured one: the configured one has ended.' }),
                endsAt: time.nullable().openapi({ description: 'When Meta stops serving the configured version: the earlier of the Graph API’s and the Marketing API’s published dates; null while Meta has not announced it.' }),
                daysLeft: z.number().int().nullable().openapi({ description: 'Days left before `endsAt` (0 or less once ended).' }),
                endingApi: z.enum(['graph', 'marketing']).nullable().openapi({ description: 'Whose date `endsAt` is.' }),
                adsRefused: z.strictObject({ at: time, message: z.string() }).nullable().openapi({ description: 'Meta refusing an Ads API call on this version (code 2635).' }),
              })
              .openapi('MetaApiVersion', { description: 'Meta’s API version as this deployment uses it (src/meta-facts/api-versions.ts has the dates).' }),
          })
          .openapi('MetaAppHealth'),
        signals: metaSignalsSchema.optional(),
      }),
    },
  },
});

export function metaAppRoutes(health: AppHealth, db: Db, appId: string, versions: Pick<ApiVersionWatch, 'status'>, signals?: () => Promise<SignalsDescription>) {
  return (app: ApiApp) => {
    mount(app, metaAppRouteDef, async () => ({ status: 200, body: { metaApp: await describeAppHealth(health, db, appId, versions), ...(signals ? { signals: await signals() } : {}) } }));
  };
}
