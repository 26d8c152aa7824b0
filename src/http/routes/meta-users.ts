import type { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { requireReconnectRights, startConnect } from '../../tokens/connect.ts';
import type { TokensService } from '../../tokens/service.ts';
import { addSystemUserToken } from '../../tokens/system-user.ts';
import type { ChangeFeed } from '../../db/change-feed.ts';
import { createReadCache } from '../../db/read-cache.ts';
import { getWorkspaceMetaUser, pageMetaUsers } from '../../tokens/tokens.queries.ts';
import { eventViews, toViews } from '../../tokens/views.ts';
import { deleteSecret } from '../../vault/secrets.queries.ts';
import { requireAdmin, requireAuth, requireMember } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody, queryParams, uuidParam } from '../validate.ts';

const encoder = new TextEncoder();

const PAGE_SIZE = { default: 50, max: 500 };

/** `after` is opaque to clients: the last row's (name, id), so pages stay stable while rows change. */
const encodeCursor = (row: { name: string; id: string }) => Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_input', 'after: not a cursor this list returned');
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  after: z.string().min(1).max(2048).optional(),
  status: z.enum(['active', 'inactive', 'expired']).optional(),
});

export function metaUserRoutes(tokens: TokensService, changes: ChangeFeed) {
  const { db } = tokens.deps;
  // The Meta Users page is the most requested view; its pages are kept per workspace, as the
  // JSON sent, until any process commits a change to that workspace's profiles.
  const pages = createReadCache<Uint8Array<ArrayBuffer>>(changes, { topicOf: (payload) => (payload.startsWith('profiles:') ? payload.slice('profiles:'.length) : undefined), maxEntries: 5_000 });
  const profile = async (workspaceId: string, id: string) => {
    const found = await getWorkspaceMetaUser(db, workspaceId, id);
    if (!found) throw new AppError('not_found', 'Meta profile not found');
    return found;
  };

  return (app: Hono<AppEnv>) => {
    app.get('/api/meta-users', async (c) => {
      const auth = requireAuth(c);
      const query = queryParams(c, listQuery);
      const after = query.after === undefined ? undefined : decodeCursor(query.after);
      const body = await pages.get(auth.workspaceId, `${query.status ?? ''}|${query.limit}|${query.after ?? ''}`, async () => {
        // One row more than the page tells whether another page follows.
        const rows = await pageMetaUsers(db, { workspaceId: auth.workspaceId, status: query.status, after, limit: query.limit + 1 });
        const page = rows.slice(0, query.limit);
        const last = page[page.length - 1];
        return encoder.encode(JSON.stringify({ metaUsers: await toViews(db, page), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null }));
      });
      return c.body(body, 200, { 'content-type': 'application/json' });
    });

    app.get('/api/meta-users/:id', async (c) => {
      const auth = requireAuth(c);
      const found = await profile(auth.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      const [view] = await toViews(db, [found]);
      return c.json({ metaUser: view });
    });

    app.get('/api/meta-users/:id/events', async (c) => {
      const auth = requireAuth(c);
      const found = await profile(auth.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      return c.json({ events: await eventViews(db, found.id) });
    });

    app.post('/api/meta-users/:id/reconnect', async (c) => {
      const member = requireMember(c);
      const auth = c.get('auth');
      const found = await profile(member.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      requireReconnectRights(member, found);
      if (found.tokenType === 'system_user') throw new AppError('invalid_input', 'System User tokens are replaced by adding a new token, not through Meta login.');
      const url = await startConnect({ ...tokens.deps, app: tokens.app }, { member, sessionCookie: auth?.kind === 'session' ? auth.sessionCookie : '', metaUser: found });
      return c.json({ url });
    });

    app.post('/api/meta-users/system', async (c) => {
      const member = requireAdmin(c);
      const input = await jsonBody(c, z.object({ accessToken: z.string().min(1).max(4096), name: z.string().trim().max(200).optional() }));
      const metaUser = await addSystemUserToken({ ...tokens.deps, appId: tokens.app.appId }, { member, accessToken: input.accessToken, name: input.name });
      const [view] = await toViews(db, [metaUser]);
      return c.json({ metaUser: view }, 201);
    });

    app.delete('/api/meta-users/:id', async (c) => {
      const member = requireMember(c);
      const found = await profile(member.workspaceId, uuidParam(c, 'id', 'Meta profile'));
      requireReconnectRights(member, found);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('meta_users').where('id', '=', found.id).execute();
        await deleteSecret(trx, found.secretId);
      });
      return c.body(null, 204);
    });
  };
}
