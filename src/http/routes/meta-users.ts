import type { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { requireReconnectRights, startConnect } from '../../tokens/connect.ts';
import type { TokensService } from '../../tokens/service.ts';
import { addSystemUserToken } from '../../tokens/system-user.ts';
import { getWorkspaceMetaUser, listMetaUsers } from '../../tokens/tokens.queries.ts';
import { eventViews, toViews } from '../../tokens/views.ts';
import { deleteSecret } from '../../vault/secrets.queries.ts';
import { requireAdmin, requireAuth, requireMember } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody, uuidParam } from '../validate.ts';

export function metaUserRoutes(tokens: TokensService) {
  const { db } = tokens.deps;
  const profile = async (workspaceId: string, id: string) => {
    const found = await getWorkspaceMetaUser(db, workspaceId, id);
    if (!found) throw new AppError('not_found', 'Meta profile not found');
    return found;
  };

  return (app: Hono<AppEnv>) => {
    app.get('/api/meta-users', async (c) => {
      const auth = requireAuth(c);
      return c.json({ metaUsers: await toViews(db, await listMetaUsers(db, { workspaceId: auth.workspaceId })) });
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
