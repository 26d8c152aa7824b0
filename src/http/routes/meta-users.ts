import { z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import { requireReconnectRights } from '../../tokens/connect.ts';
import type { TokensService } from '../../tokens/service.ts';
import type { Db } from '../../db/database.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { createReadCache } from '../../db/read-cache.ts';
import { pageEvents, pageMetaUsers } from '../../tokens/tokens.queries.ts';
import { eventViews, toViews } from '../../tokens/views.ts';
import { removeProfile } from '../../tokens/profile-store.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams, searchParam } from '../paging.ts';
import { profileOf } from '../resolve.ts';
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
  })
  .openapi('HealthEvent');

export const metaUserRouteDefs = {
  list: defineRoute({
    method: 'get',
    path: '/api/meta-users',
    tag: 'Meta profiles',
    summary: 'One page of the workspace’s profiles, by name',
    access: 'signedIn',
    query: pageParams.extend({ status: tokenStatus.optional().openapi({ description: 'Only profiles with this token status.' }), q: searchParam }),
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
    description: 'The person who connected it, or an admin.',
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
  // JSON sent, until any process commits a change to that workspace's profiles.
  const pages = createReadCache<Uint8Array<ArrayBuffer>>(changes, { topicOf: (payload) => (payload.startsWith('profiles:') ? payload.slice('profiles:'.length) : undefined), maxEntries: 5_000 });
  const defs = metaUserRouteDefs;

  return (app: ApiApp) => {
    mount(app, defs.list, async (c, { auth, query }) => {
      const after = query.after === undefined ? undefined : byName.decode(query.after);
      const key = JSON.stringify([query.status ?? '', query.q ?? '', query.limit, query.after ?? '']);
      const body = await pages.get(auth.workspaceId, key, async () => {
        const rows = await pageMetaUsers(db, { workspaceId: auth.workspaceId, status: query.status, q: query.q, after: after && { name: after[0], id: after[1] }, limit: query.limit + 1 });
        const page = pageOf(rows, query.limit, byName, (row) => [row.name, row.id]);
        return encoder.encode(JSON.stringify({ metaUsers: await toViews(db, page.rows), nextCursor: page.nextCursor }));
      });
      return { raw: c.body(body, 200, { 'content-type': 'application/json' }) };
    });

    mount(app, defs.get, async (_c, { auth, params }) => {
      const [view] = await toViews(db, [await profileOf(db, auth.workspaceId, params.id)]);
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
      if (found.tokenType === 'system_user') throw new AppError('invalid_input', 'System User tokens are replaced by adding a new token, not through Meta login.');
      const url = await tokens.startConnect({ member, sessionCookie: auth?.kind === 'session' ? auth.sessionCookie : '', metaUser: found });
      return { status: 200, body: { url } };
    });

    mount(app, defs.addSystemUser, async (_c, { auth: member, body }) => {
      const added = await tokens.addSystemUser({ member, accessToken: body.accessToken, name: body.name });
      const [view] = await toViews(db, [added]);
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
