import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../clock.ts';
import { notFound } from '../../errors.ts';
import { countUnread, markRead, pageForMember } from '../../notifications/notifications.queries.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { booleanParam, cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { ourIdOf } from '../resolve.ts';
import { noContent, time } from '../schemas.ts';

const notification = z
  .strictObject({
    id: z.uuid(),
    type: z.string(),
    message: z.string().openapi({ description: 'The in-app text, in the member’s language.' }),
    profileId: z.uuid().nullable(),
    profileName: z.string().nullable(),
    cause: z.string(),
    impact: z.string(),
    actionPath: z.string().openapi({ description: 'Where to act: for an open problem the one-click reconnect (`/connect/meta/reconnect/{profileId}`, a browser navigation to Meta’s dialog); for a recovery or a resolved problem the profile’s page (`/meta-users/{profileId}`).' }),
    createdAt: time,
    readAt: time.nullable(),
    resolvedAt: time.nullable().openapi({ description: 'Set when the problem went away (the profile was reconnected).' }),
  })
  .openapi('Notification');

const newestFirst = cursor('time', 'id');

export const notificationRouteDefs = {
  list: defineRoute({
    method: 'get',
    path: '/api/notifications',
    tag: 'Notifications',
    summary: 'The member’s notifications, newest first, and how many are unread',
    access: 'member',
    query: pageParams.extend({ unread: booleanParam.optional().openapi({ description: '`true`: only those neither read nor resolved; `false`: only the others.' }) }),
    responses: {
      200: {
        description: 'One page, and the count of unread ones (all pages).',
        schema: z.strictObject({ notifications: z.array(notification), nextCursor, unread: z.number().int().openapi({ description: 'Notifications neither read nor resolved, on every page.' }) }),
      },
    },
  }),
  markRead: defineRoute({
    method: 'post',
    path: '/api/notifications/{id}/read',
    tag: 'Notifications',
    summary: 'Mark one notification read',
    access: 'member',
    params: z.object({ id: z.string().openapi({ description: 'Our id of the notification.' }) }),
    responses: { 204: noContent },
    errors: ['not_found'],
  }),
};

export function notificationRoutes(db: Db, clock: Clock) {
  return (app: ApiApp) => {
    mount(app, notificationRouteDefs.list, async (_c, { auth: member, query }) => {
      const rows = await pageForMember(db, member, { unread: query.unread, after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { notifications: page.rows.map(({ cursorTime: _, ...view }) => view), nextCursor: page.nextCursor, unread: await countUnread(db, member.id) } };
    });
    mount(app, notificationRouteDefs.markRead, async (_c, { auth: member, params }) => {
      const ok = await markRead(db, member.id, ourIdOf(params.id, 'Notification'), new Date(clock.now()));
      if (!ok) throw notFound('Notification');
      return { status: 204 };
    });
  };
}
