import { z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import { requireReconnectRights } from '../../tokens/connect.ts';
import type { TokensService } from '../../tokens/service.ts';
import type { Db } from '../../db/database.ts';
import { RECONNECT_FAILURES } from '../../db/schema.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { createReadCache } from '../../db/read-cache.ts';
import { pageMetaUsersByAttention } from '../../tokens/attention.queries.ts';
import { pageEvents, pageMetaUsers } from '../../tokens/tokens.queries.ts';
import { eventViews } from '../../tokens/views.ts';
import { removeProfile } from '../../tokens/profile-store.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams, searchParam } from '../paging.ts';
import { profileViews } from '../profile-views.ts';
import { profileOf } from '../resolve.ts';
import { byAttention } from './attention.ts';
import { idParam, metaUser, noContent, time, tokenStatus, words } from '../schemas.ts';

const encoder = new TextEncoder();
const profileParam = z.object({ id: idParam('profile', 'its Meta user id') });
const byName = cursor('text', 'id');
const newestFirst = cursor('time', 'id');

const healthEvent = z
  .strictObject({
    id: z.uuid(),
    at: time,
    kind: z.string(),
    oldStatus: tokenStatus.nullable(),
    newStatus: tokenStatus.nullable(),
    code: z.number().int().nullable(),
    subcode: z.number().int().nullable(),
    fbtraceId: z.string().nullable(),
    cause: z.string().nullable().openapi({ description: 'Meta’s code in words, for status changes.' }),
    causeKey: z.string().nullable().openapi({ description: 'The stable key of `cause` (`190.460`, `190`, `102`, `validation`).' }),
    causeWords: words.nullable().openapi({ description: '`cause` in each language (meta/token-causes.ts): what the UI shows.' }),
    message: z.string().nullable(),
    details: z
      .strictObject({
        scopes: z.array(z.string()).optional().openapi({ description: '`permissions_declined`: the permissions left unticked in Meta’s dialog.' }),
        reason: z
          .enum(RECONNECT_FAILURES)
          .optional()
          .openapi({ description: '`reconnect_failed`: why no token was put in place.' }),
        actual: z.string().optional().openapi({ description: '`reconnect_failed` with `different_account`: whom the person signed in on Meta as.' }),
      })
      .nullable()
      .openapi({ description: 'What the event needs beyond a code: declined permissions, a failed reconnect’s reason.' }),
  })
  .openapi('HealthEvent', {
    description:
      'One event of the health timeline. `kind`: `connected`, `reconnected`, `system_user_added`, `status_changed`, `refreshed`, `refresh_not_extended`, `refresh_failed`, `verified`, `permissions_declined` (at a connect or reconnect), `reconnect_failed` (cancelled, another Meta account, Meta’s refusal).',
  });

export const metaUserRouteDefs = {
  list: defineRoute({
    method: 'get',
    path: '/api/meta-users',
    tag: 'Meta profiles',
    summary: 'One page of the workspace’s profiles, by name or attention first',
    description:
      '`order=attention`: Expired, Inactive, needs reconnect, a declined permission, then the rest, each by name (the Meta Users page’s default); `order=name` (default): by name. Each profile says what its broken token stops (`impact`).',
    access: 'signedIn',
    query: pageParams.extend({
      status: tokenStatus.optional().openapi({ description: 'Only profiles with this token status.' }),
      q: searchParam,
      order: z.enum(['name', 'attention']).default('name').openapi({ description: '`name` (default), or `attention`: what needs someone first. A cursor belongs to its order.' }),
    }),
    responses: { 200: { description: 'The page.', schema: z.strictObject({ metaUsers: z.array(metaUser), nextCursor }) } },
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/meta-users/{id}',
    tag: 'Meta profiles',
    summary: 'One profile',
    access: 'signedIn',
    params: profileParam,
    responses: { 200: { description: 'The profile.', schema: z.strictObject({ metaUser }) } },
    errors: ['not_found'],
  }),
  events: defineRoute({
    method: 'get',
    path: '/api/meta-users/{id}/events',
    tag: 'Meta profiles',
    summary: 'The profile’s health timeline, newest first',
    access: 'signedIn',
    params: profileParam,
    query: pageParams,
    responses: { 200: { description: 'One page of events.', schema: z.strictObject({ events: z.array(healthEvent), nextCursor }) } },
    errors: ['not_found'],
  }),
  reconnect: defineRoute({
    method: 'post',
    path: '/api/meta-users/{id}/reconnect',
    tag: 'Meta profiles',
    summary: 'The Meta dialog URL to reconnect the profile (`auth_type=rerequest` when permissions were declined)',
    description: 'The person who connected it, or an admin. A business connection: the Connect a business dialog (admins only).',
    access: 'member',
    params: profileParam,
    responses: { 200: { description: 'Where to send the browser.', schema: z.strictObject({ url: z.string() }) } },
    errors: ['not_found'],
  }),
  addSystemUser: defineRoute({
    method: 'post',
    path: '/api/meta-users/system',
    tag: 'Meta profiles',
    summary: 'Add a System User token (checked with Meta first; nothing is stored when it is refused)',
    access: 'admin',
    body: z.object({ accessToken: z.string().min(1).max(4096), name: z.string().trim().max(200).optional() }),
    responses: { 201: { description: 'The profile.', schema: z.strictObject({ metaUser }) } },
    errors: ['invalid_token', 'meta_unavailable', 'conflict'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/api/meta-users/{id}',
    tag: 'Meta profiles',
    summary: 'Remove the profile and its token',
    description: 'The person who connected it, or an admin.',
    access: 'member',
    params: profileParam,
    responses: { 204: noContent },
    errors: ['not_found'],
  }),
};

export function metaUserRoutes(tokens: TokensService, db: Db, changes: ChangeFeed) {
  // The Meta Users page is the most requested view; its pages are kept per workspace, as the
  // JSON sent, until any process commits a change to that workspace's profiles, or to who reaches
  // its assets (a broken profile's impact counts the ad accounts no one else covers).
  const TOPICS = ['profiles:', 'assets:'];
  const pages = createReadCache<Uint8Array<ArrayBuffer>>(changes, {
    topicOf: (payload) => {
      const topic = TOPICS.find((t) => payload.startsWith(t));
      return topic ? payload.slice(topic.length) : undefined;
    },
    maxEntries: 5_000,
  });
  const defs = metaUserRouteDefs;

  return (app: ApiApp) => {
    mount(app, defs.list, async (c, { auth, query }) => {
      const filter = { workspaceId: auth.workspaceId, status: query.status, q: query.q, limit: query.limit + 1 };
      // Decoded before the cache is asked: a cursor of the other order is a 400, never a cached page.
      const load =
        query.order === 'attention'
          ? (() => {
              const after = query.after === undefined ? undefined : byAttention.decode(query.after);
              return async () => {
                const rows = await pageMetaUsersByAttention(db, { ...filter, after: after && { rank: after[0], name: after[1], id: after[2] } });
                return pageOf(rows, query.limit, byAttention, (row) => [row.attentionRank, row.name, row.id]);
              };
            })()
          : (() => {
              const after = query.after === undefined ? undefined : byName.decode(query.after);
              return async () => pageOf(await pageMetaUsers(db, { ...filter, after: after && { name: after[0], id: after[1] } }), query.limit, byName, (row) => [row.name, row.id]);
            })();
      const key = JSON.stringify([query.order, query.status ?? '', query.q ?? '', query.limit, query.after ?? '']);
      const body = await pages.get(auth.workspaceId, key, async () => {
        const page = await load();
        return encoder.encode(JSON.stringify({ metaUsers: await profileViews(db, page.rows), nextCursor: page.nextCursor }));
      });
      return { raw: c.body(body, 200, { 'content-type': 'application/json' }) };
    });

    mount(app, defs.get, async (_c, { auth, params }) => {
      const [view] = await profileViews(db, [await profileOf(db, auth.workspaceId, params.id)]);
      return { status: 200, body: { metaUser: view! } };
    });

    mount(app, defs.events, async (_c, { auth, params, query }) => {
      const found = await profileOf(db, auth.workspaceId, params.id);
      const rows = await pageEvents(db, found.id, { after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.at_key, row.id]);
      return { status: 200, body: { events: eventViews(page.rows), nextCursor: page.nextCursor } };
    });

    mount(app, defs.reconnect, async (c, { auth: member, params }) => {
      const auth = c.get('auth');
      const found = await profileOf(db, member.workspaceId, params.id);
      requireReconnectRights(member, found);
      const sessionCookie = auth?.kind === 'session' ? auth.sessionCookie : '';
      if (found.connection === 'business' && tokens.app.businessConfigId) {
        if (member.role !== 'admin') throw new AppError('forbidden', 'Only an admin of the workspace may connect a business again.');
        return { status: 200, body: { url: await tokens.startConnect({ member, sessionCookie, metaUser: found, flow: 'business' }) } };
      }
      if (found.tokenType === 'system_user') throw new AppError('invalid_input', 'System User tokens are replaced by adding a new token, not through Meta login.');
      const url = await tokens.startConnect({ member, sessionCookie, metaUser: found });
      return { status: 200, body: { url } };
    });

    mount(app, defs.addSystemUser, async (_c, { auth: member, body }) => {
      const added = await tokens.addSystemUser({ member, accessToken: body.accessToken, name: body.name });
      const [view] = await profileViews(db, [added]);
      return { status: 201, body: { metaUser: view! } };
    });

    mount(app, defs.remove, async (_c, { auth: member, params }) => {
      const found = await profileOf(db, member.workspaceId, params.id);
      requireReconnectRights(member, found);
      await removeProfile(db, found);
      return { status: 204 };
    });
  };
}
