import type { Hono } from 'hono';
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../webhooks/events.ts';
import type { WebhooksService } from '../../webhooks/service.ts';
import { requireAdmin } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { jsonBody, uuidParam } from '../validate.ts';

const createSchema = z.object({
  url: z.string().trim().min(1).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length * 2).optional(),
});

/** Workspace admins manage their endpoints; the signing secret is in the 201 answer only. */
export function webhookRoutes(webhooks: WebhooksService) {
  return (app: Hono<AppEnv>) => {
    app.post('/api/webhooks', async (c) => {
      const member = requireAdmin(c);
      const input = await jsonBody(c, createSchema);
      const created = await webhooks.create({ workspaceId: member.workspaceId, memberId: member.id, url: input.url, events: input.events });
      c.header('Cache-Control', 'no-store');
      return c.json({ ...created, note: 'Store the secret now: it is not shown again.' }, 201);
    });

    app.get('/api/webhooks', async (c) => {
      const member = requireAdmin(c);
      return c.json({ webhooks: await webhooks.list(member.workspaceId), events: WEBHOOK_EVENTS });
    });

    app.delete('/api/webhooks/:id', async (c) => {
      const member = requireAdmin(c);
      await webhooks.remove(member.workspaceId, uuidParam(c, 'id', 'Webhook'));
      return c.body(null, 204);
    });

    app.get('/api/webhooks/:id/deliveries', async (c) => {
      const member = requireAdmin(c);
      return c.json({ deliveries: await webhooks.deliveries(member.workspaceId, uuidParam(c, 'id', 'Webhook')) });
    });
  };
}
