import type { Hono } from 'hono';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { listForMember, markRead } from '../../notifications/notifications.queries.ts';
import { requireMember } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { uuidParam } from '../validate.ts';

export function notificationRoutes(db: Db, clock: Clock) {
  return (app: Hono<AppEnv>) => {
    app.get('/api/notifications', async (c) => {
      const member = requireMember(c);
      return c.json({ notifications: await listForMember(db, member) });
    });
    app.post('/api/notifications/:id/read', async (c) => {
      const member = requireMember(c);
      const ok = await markRead(db, member.id, uuidParam(c, 'id', 'Notification'), new Date(clock.now()));
      if (!ok) throw new AppError('not_found', 'Notification not found');
      return c.body(null, 204);
    });
  };
}
