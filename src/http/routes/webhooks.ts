import { z } from '@hono/zod-openapi';
import { WEBHOOK_EVENTS } from '../../webhooks/events.ts';
import type { WebhooksService } from '../../webhooks/service.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { cursor, nextCursor, pageOf, pageParams } from '../paging.ts';
import { ourIdOf } from '../resolve.ts';
import { noContent, time } from '../schemas.ts';

const event = z.enum(WEBHOOK_EVENTS);
const webhook = z.strictObject({ id: z.uuid(), url: z.string(), events: z.array(event), createdAt: time }).openapi('Webhook');
const delivery = z
  .strictObject({
    id: z.uuid(),
    event,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: time,
    lastAttemptAt: time.nullable(),
    finishedAt: time.nullable(),
  })
  .openapi('WebhookDelivery');
const hookParam = z.object({ id: z.string().openapi({ description: 'Our id of the webhook.' }) });
const newestFirst = cursor('time', 'id');

export const webhookRouteDefs = {
  create: defineRoute({
    method: 'post',
    path: '/api/webhooks',
    tag: 'Webhooks',
    summary: 'Add an endpoint (at most 20 per workspace); its signing secret is in this answer only',
    access: 'admin',
    body: z.object({
      url: z.string().trim().min(1).max(2048),
      events: z.array(event).min(1).max(WEBHOOK_EVENTS.length * 2).optional().openapi({ description: 'Omit for every event.' }),
    }),
    responses: { 201: { description: 'The endpoint and its secret.', schema: z.strictObject({ webhook, secret: z.string(), note: z.string() }) } },
    errors: ['conflict'],
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/webhooks',
    tag: 'Webhooks',
    summary: 'The workspace’s endpoints (at most 20, so not paged) and the events one may subscribe to',
    access: 'admin',
    responses: { 200: { description: 'The endpoints.', schema: z.strictObject({ webhooks: z.array(webhook), events: z.array(event) }) } },
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/api/webhooks/{id}',
    tag: 'Webhooks',
    summary: 'Remove an endpoint, its deliveries and its secret',
    access: 'admin',
    params: hookParam,
    responses: { 204: noContent },
    errors: ['not_found'],
  }),
  deliveries: defineRoute({
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    tag: 'Webhooks',
    summary: 'An endpoint’s deliveries, newest first',
    access: 'admin',
    params: hookParam,
    query: pageParams.extend({ status: delivery.shape.status.optional().openapi({ description: 'Only deliveries in this state.' }) }),
    responses: { 200: { description: 'One page.', schema: z.strictObject({ deliveries: z.array(delivery), nextCursor }) } },
    errors: ['not_found'],
  }),
};

/** Workspace admins manage their endpoints; the signing secret is in the 201 answer only. */
export function webhookRoutes(webhooks: WebhooksService) {
  return (app: ApiApp) => {
    mount(app, webhookRouteDefs.create, async (_c, { auth: member, body }) => {
      const created = await webhooks.create({ workspaceId: member.workspaceId, memberId: member.id, url: body.url, events: body.events });
      return { status: 201, headers: { 'Cache-Control': 'no-store' }, body: { ...created, note: 'Store the secret now: it is not shown again.' } };
    });

    mount(app, webhookRouteDefs.list, async (_c, { auth: member }) => ({ status: 200, body: { webhooks: await webhooks.list(member.workspaceId), events: [...WEBHOOK_EVENTS] } }));

    mount(app, webhookRouteDefs.remove, async (_c, { auth: member, params }) => {
      await webhooks.remove(member.workspaceId, ourIdOf(params.id, 'Webhook'));
      return { status: 204 };
    });

    mount(app, webhookRouteDefs.deliveries, async (_c, { auth: member, params, query }) => {
      const rows = await webhooks.deliveries(member.workspaceId, ourIdOf(params.id, 'Webhook'), { status: query.status, after: query.after === undefined ? undefined : newestFirst.decode(query.after), limit: query.limit + 1 });
      const page = pageOf(rows, query.limit, newestFirst, (row) => [row.cursorTime, row.id]);
      return { status: 200, body: { deliveries: page.rows.map(({ cursorTime: _, ...view }) => view), nextCursor: page.nextCursor } };
    });
  };
}
