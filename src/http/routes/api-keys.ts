import { z } from '@hono/zod-openapi';
import { apiKeyView, revokeApiKey } from '../../accounts/api-keys.ts';
import { pageApiKeys } from '../../accounts/api-keys.queries.ts';
import { API_KEY_SCOPES } from '../../accounts/scopes.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { ourIdOf } from '../resolve.ts';
import { noContent, ourId, time } from '../schemas.ts';

const apiKey = z
  .strictObject({
    id: ourId,
    name: z.string(),
    prefix: z.string().openapi({ description: 'The key’s first characters (`wevk_` and five more), to tell keys apart; never the key.' }),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    createdAt: time,
    lastUsedAt: time.nullable().openapi({ description: 'Exact to the minute: each process records a key’s use at most once a minute. Null: never used.' }),
    revokedAt: time.nullable().openapi({ description: 'Null while the key works; a revoked key is refused (401) by every process.' }),
  })
  .openapi('ApiKey');
const newestFirst = cursor('time', 'id');

export const apiKeyRouteDefs = {
  list: defineRoute({
    method: 'get',
    path: '/api/api-keys',
    tag: 'API keys',
    summary: 'The workspace’s API keys, newest first, revoked ones included (never a key or its hash)',
    description: 'Keys are made by an operator (`wevion api-keys create`); the key itself is shown only then.',
    access: 'admin',
    query: pageParams,
    responses: { 200: { description: 'One page.', schema: z.strictObject({ apiKeys: z.array(apiKey), nextCursor }) } },
  }),
  revoke: defineRoute({
    method: 'delete',
    path: '/api/api-keys/{id}',
    tag: 'API keys',
    summary: 'Revoke an API key: every process refuses it (401) from its next request on',
    description: 'The key stays listed, with `revokedAt` (the record of token checkouts names it). Revoking a revoked key changes nothing.',
    access: 'admin',
    params: z.object({ id: z.string().openapi({ description: 'Our id of the key.' }) }),
    responses: { 204: noContent },
    errors: ['not_found'],
  }),
};

/** Workspace admins see and revoke their workspace's keys; another workspace's key is 404. */
export function apiKeyRoutes(deps: { db: Db; clock: Clock }) {
  return (app: ApiApp) => {
    mount(app, apiKeyRouteDefs.list, async (_c, { auth: member, query }) => {
      const rows = await pageApiKeys(deps.db, { workspaceId: member.workspaceId, after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { apiKeys: page.rows.map(apiKeyView), nextCursor: page.nextCursor } };
    });

    mount(app, apiKeyRouteDefs.revoke, async (_c, { auth: member, params }) => {
      await revokeApiKey(deps, ourIdOf(params.id, 'API key'), member.workspaceId);
      return { status: 204 };
    });
  };
}
