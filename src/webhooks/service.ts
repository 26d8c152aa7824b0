import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { WebhookEventType } from '../db/schema-webhooks.ts';
import { AppError, invalidInput, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { TokenEvent } from '../tokens/deps.ts';
import { storeSecret } from '../vault/secrets.queries.ts';
import type { Vault } from '../vault/vault.ts';
import { apiVersionWebhookBody, appWebhookBody, WEBHOOK_EVENTS, webhookBody, webhookEventFor } from './events.ts';
import type { AppHealthEvent } from '../meta-app/app-health.ts';
import { newWebhookSecret } from './signing.ts';
import type { Dispatcher } from 'undici';
import type { ChangeFeed } from '../db/change-feed.ts';
import { createReadCache } from '../db/read-cache.ts';
import { isInternalAddress } from './target-guard.ts';
import { deleteWebhook, getWebhook, insertDelivery, insertWebhook, pageDeliveries, listWebhooks, webhooksForEvent, webhooksForEventEverywhere, type Delivery, type Webhook } from './webhooks.queries.ts';
import type { ApiVersionNotice } from '../meta-app/api-version.ts';

export const DELIVER_JOB = 'webhook-deliver';

export interface WebhookDeps {
  db: Db;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  settings: Config['webhooks'];
  /** Counts each HTTP attempt (the operator metrics; ops/ implements it). */
  metrics: { webhookAttempt(event: string, outcome: 'delivered' | 'retrying' | 'failed'): void };
  queue: () => Pick<JobQueue, 'send'> | undefined;
  /** Keeps each workspace's endpoints in memory until one changes (migration 006). */
  changes: ChangeFeed;
  /** The connection pool deliveries use: one that refuses internal addresses, unless allowed. */
  dispatcher?: Dispatcher | undefined;
}

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: WebhookEventType;
  status: Delivery['status'];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  finishedAt: string | null;
}

const MAX_WEBHOOKS_PER_WORKSPACE = 20;

export const toWebhookView = (w: Webhook): WebhookView => ({ id: w.id, url: w.url, events: w.events, createdAt: w.createdAt.toISOString() });

const toDeliveryView = (d: Delivery): DeliveryView => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  finishedAt: d.finishedAt?.toISOString() ?? null,
});

/**
 * http(s) only, no credentials in the URL (they would be stored and listed in clear), and unless
 * allowed, no internal host written out (an IP literal or localhost; names resolving to internal
 * addresses are refused when a delivery connects).
 */
export function checkWebhookUrl(raw: string, allowPrivateTargets: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidInput('url: must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput('url: must be an http(s) URL');
  if (url.username || url.password) throw invalidInput('url: must not carry a user name or password; authenticate with the signature');
  if (!allowPrivateTargets && (isInternalAddress(url.hostname) || /^localhost\.?$|\.localhost\.?$/i.test(url.hostname))) {
    throw invalidInput('url: must be a public address; internal hosts are refused (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows them)');
  }
  return url.toString();
}

export function createWebhooks(deps: WebhookDeps) {
  // Every token event asks which endpoints want it (thousands in a refresh sweep); endpoints
  // change rarely, so the answer is remembered per workspace until one of them changes.
  const subscribed = createReadCache<Webhook[]>(deps.changes, { topicOf: (payload) => (payload.startsWith('webhooks:') ? payload.slice('webhooks:'.length) : undefined), maxEntries: 10_000 });
  const { db } = deps;

  /** Queues one delivery. Its job id is the delivery id, so queueing it again is a no-op. */
  async function enqueue(deliveryId: string): Promise<void> {
    const queue = deps.queue();
    if (!queue) throw new AppError('queue_not_started', 'the job queue is not started');
    const { retryLimit, retryDelaySeconds, timeoutMs } = deps.settings;
    // Retry settings go with every job: pg-boss keeps a queue's settings from its first creation.
    await queue.send(DELIVER_JOB, { deliveryId }, { id: deliveryId, retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds: Math.ceil(timeoutMs / 1000) + 60 });
  }

  // A delivery row exists before its job: one not queued now is queued by the sweep.
  async function enqueueOrLeave(id: string): Promise<void> {
    try {
      await enqueue(id);
    } catch (error) {
      deps.logger.warn({ err: error, delivery: id }, 'webhook delivery not queued now; the sweep will queue it');
    }
  }

  return {
    enqueue,

    async create(input: { workspaceId: string; memberId: string | null; url: string; events?: WebhookEventType[] | undefined }): Promise<{ webhook: WebhookView; secret: string }> {
      const url = checkWebhookUrl(input.url, deps.settings.allowPrivateTargets);
      const events = [...new Set(input.events ?? WEBHOOK_EVENTS)];
      if (events.length === 0) throw invalidInput('events: give at least one event, or omit it for all');
      if ((await listWebhooks(db, input.workspaceId)).length >= MAX_WEBHOOKS_PER_WORKSPACE) {
        throw new AppError('conflict', `A workspace may have at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks.`);
      }
      const secret = newWebhookSecret();
      const at = new Date(deps.clock.now());
      const webhook = await db.transaction().execute(async (trx) => {
        const secretId = await storeSecret(trx, deps.vault, secret);
        return insertWebhook(trx, { workspaceId: input.workspaceId, url, events, secretId, createdBy: input.memberId, at });
      });
      deps.logger.info({ webhook: webhook.id, workspace: input.workspaceId, events }, 'webhook created');
      return { webhook: toWebhookView(webhook), secret };
    },

    async list(workspaceId: string): Promise<WebhookView[]> {
      return (await listWebhooks(db, workspaceId)).map(toWebhookView);
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      const removed = await db.transaction().execute((trx) => deleteWebhook(trx, workspaceId, id));
      if (!removed) throw notFound('Webhook');
    },

    /** A page of an endpoint's deliveries, newest first; `cursorTime` keys the next page. */
    async deliveries(workspaceId: string, id: string, filter: Parameters<typeof pageDeliveries>[2]): Promise<Array<DeliveryView & { cursorTime: string }>> {
      const webhook = await getWebhook(db, workspaceId, id);
      if (!webhook) throw notFound('Webhook');
      return (await pageDeliveries(db, webhook.id, filter)).map((row) => ({ ...toDeliveryView(row), cursorTime: row.cursorTime }));
    },

    /** Meta app health listener: one delivery per subscribed endpoint of every workspace. */
    async onAppEvent(event: AppHealthEvent): Promise<void> {
      const hooks = await webhooksForEventEverywhere(db, event.type);
      const at = new Date(deps.clock.now());
      const eventId = randomUUID();
      const ids: string[] = [];
      for (const hook of hooks) {
        const id = randomUUID();
        await insertDelivery(db, { id, webhookId: hook.id, event: event.type, body: appWebhookBody({ deliveryId: id, eventId, type: event.type, at, workspaceId: hook.workspaceId, state: event.state }), at });
        ids.push(id);
      }
      for (const id of ids) await enqueueOrLeave(id);
    },

    /** API version notices: one delivery per subscribed endpoint of every workspace. */
    async onApiVersionNotice(appId: string, notice: ApiVersionNotice): Promise<void> {
      const hooks = await webhooksForEventEverywhere(db, 'app.api_version');
      const at = new Date(deps.clock.now());
      const eventId = randomUUID();
      const ids: string[] = [];
      for (const hook of hooks) {
        const id = randomUUID();
        await insertDelivery(db, { id, webhookId: hook.id, event: 'app.api_version', body: apiVersionWebhookBody({ deliveryId: id, eventId, at, workspaceId: hook.workspaceId, appId, notice }), at });
        ids.push(id);
      }
      for (const id of ids) await enqueueOrLeave(id);
    },

    /**
     * Token event listener (events arrive after their change is committed). Each subscribed
     * endpoint gets a delivery row, then a job. A crash between the two leaves a pending row
     * that the sweep queues later, so an event is delivered at least once.
     */
    async onTokenEvent(event: TokenEvent): Promise<void> {
      const type = webhookEventFor(event);
      if (!type) return;
      const hooks = await subscribed.get(event.metaUser.workspaceId, type, () => webhooksForEvent(db, event.metaUser.workspaceId, type));
      if (hooks.length === 0) return;
      const at = new Date(deps.clock.now());
      const eventId = randomUUID();
      const ids: string[] = [];
      for (const hook of hooks) {
        const id = randomUUID();
        await insertDelivery(db, { id, webhookId: hook.id, event: type, body: webhookBody({ deliveryId: id, eventId, type, at, event }), at });
        ids.push(id);
      }
      for (const id of ids) await enqueueOrLeave(id);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooks>;
