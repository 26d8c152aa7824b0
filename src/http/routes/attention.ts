import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.ts';
import { countAttention, pageAttention } from '../../tokens/attention.queries.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { profileViews } from '../profile-views.ts';
import { metaUser } from '../schemas.ts';

/** The attention order's keyset: (rank, name, id). */
export const byAttention = cursor('int', 'text', 'id');

export const attentionRouteDefs = {
  attention: defineRoute({
    method: 'get',
    path: '/api/meta-users/attention',
    tag: 'Meta profiles',
    summary: 'The profiles that need someone to act: Expired, Inactive, Active but not renewed by Meta (“needs reconnect soon”), or a user token with a declined permission',
    description: 'A member’s own profiles (those they connected); an admin’s whole workspace. `count` is of all of them; `metaUsers` one page, most urgent first (Expired, Inactive, needs reconnect, missing permission), each by name.',
    access: 'member',
    query: pageParams,
    responses: {
      200: {
        description: 'How many, and one page of them.',
        schema: z.strictObject({ count: z.number().int().min(0), metaUsers: z.array(metaUser), nextCursor }),
      },
    },
  }),
};

/**
 * The notice every page shows while a profile needs attention asks here with `limit=1`: the count
 * and, when there is just one, which profile to reconnect. Mounted before the profile routes,
 * whose `/api/meta-users/{id}` would otherwise take "attention" for an id.
 */
export function attentionRoutes(db: Db) {
  return (app: ApiApp) => {
    mount(app, attentionRouteDefs.attention, async (_c, { auth: member, query }) => {
      const scope = { workspaceId: member.workspaceId, connectedBy: member.role === 'admin' ? undefined : member.id };
      const after = query.after === undefined ? undefined : byAttention.decode(query.after);
      const [count, rows] = await Promise.all([countAttention(db, scope), pageAttention(db, { ...scope, after: after && { rank: after[0], name: after[1], id: after[2] }, limit: query.limit + 1 })]);
      const page = pageOf(rows, query.limit, byAttention, (row) => [row.attentionRank, row.name, row.id]);
      return { status: 200, body: { count, metaUsers: await profileViews(db, page.rows), nextCursor: page.nextCursor } };
    });
  };
}
