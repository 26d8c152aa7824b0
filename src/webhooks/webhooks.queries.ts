import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';
import type { DeliveryStatus, WebhookDeliveriesTable, WebhookEventType, WebhooksTable } from '../db/schema-webhooks.ts';

export interface Webhook {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  secretId: string;
  createdAt: Date;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: WebhookEventType;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  finishedAt: Date | null;
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return { id: row.id, workspaceId: row.workspace_id, url: row.url, events: row.events, secretId: row.secret_id, createdAt: row.created_at };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): Delivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    finishedAt: row.finished_at,
  };
}

export async function insertWebhook(db: Db, values: { workspaceId: string; url: string; events: WebhookEventType[]; secretId: string; createdBy: string | null; at: Date }): Promise<Webhook> {
  const row = await db
    .insertInto('webhooks')
    .values({ workspace_id: values.workspaceId, url: values.url, events: JSON.stringify(values.events), secret_id: values.secretId, created_by: values.createdBy, created_at: values.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhook(row);
}

export async function listWebhooks(db: Db, workspaceId: string): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toWebhook);
}

/** A webhook as seen from one workspace: another workspace's id is simply not found. */
export async function getWebhook(db: Db, workspaceId: string, id: string): Promise<Webhook | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? toWebhook(row) : undefined;
}

/** Deletes the endpoint, its deliveries (cascade) and its secret; returns whether it existed. */
export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const row = await db.deleteFrom('webhooks').where('id', '=', id).where('workspace_id', '=', workspaceId).returning('secret_id').executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom('secrets').where('id', '=', row.secret_id).execute();
  return true;
}

export async function webhooksForEvent(db: Db, workspaceId: string, event: WebhookEventType): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`events @> ${JSON.stringify([event])}::jsonb`)
    .execute();
  return rows.map(toWebhook);
}

/** Every workspace's endpoints subscribed to a deployment-wide event (the Meta app's health). */
export async function webhooksForEventEverywhere(db: Db, event: WebhookEventType): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where(sql<boolean>`events @> ${JSON.stringify([event])}::jsonb`).execute();
  return rows.map(toWebhook);
}

export async function insertDelivery(db: Db, values: { id: string; webhookId: string; event: WebhookEventType; body: string; at: Date }): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values({ id: values.id, webhook_id: values.webhookId, event: values.event, body: values.body, status: 'pending', created_at: values.at })
    .execute();
}

/** A pending delivery with its endpoint (url and secret id), counting this attempt; undefined when done or gone. */
export async function startAttempt(db: Db, id: string, at: Date): Promise<{ delivery: Delivery; webhook: Webhook } | undefined> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql`attempts + 1`, last_attempt_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const hook = await db.selectFrom('webhooks').selectAll().where('id', '=', row.webhook_id).executeTakeFirst();
  return hook ? { delivery: toDelivery(row), webhook: toWebhook(hook) } : undefined;
}

export async function finishAttempt(db: Db, id: string, result: { status: DeliveryStatus; statusCode: number | null; error: string | null; at: Date }): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: result.status,
      last_status_code: result.statusCode,
      last_error: result.error,
      finished_at: result.status === 'pending' ? null : result.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** An endpoint's deliveries, newest first, a page at a time (`cursorTime`: the cursor's time). */
export async function pageDeliveries(
  db: Db,
  webhookId: string,
  filter: { status?: DeliveryStatus | undefined; after?: readonly [string, string] | undefined; limit: number },
): Promise<Array<Delivery & { cursorTime: string }>> {
  let query = db.selectFrom('webhook_deliveries').selectAll().select(timeKey('created_at').as('created_key')).where('webhook_id', '=', webhookId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) query = query.where(olderThan('created_at', 'id', filter.after));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({ ...toDelivery(row), cursorTime: row.created_key }));
}

/** Pending deliveries older than `before` (their job may never have been queued: a crash after commit). */
export async function stalePendingDeliveries(db: Db, before: Date, limit = 500): Promise<Array<{ id: string; createdAt: Date }>> {
  const rows = await db.selectFrom('webhook_deliveries').select(['id', 'created_at']).where('status', '=', 'pending').where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
}

export async function deleteFinishedDeliveries(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('webhook_deliveries').where('status', '<>', 'pending').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countDeliveriesByStatus(db: Db): Promise<Array<{ status: DeliveryStatus; n: number }>> {
  return db
    .selectFrom('webhook_deliveries')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
}
