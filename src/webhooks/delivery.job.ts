import { fetch } from 'undici';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import { redactText } from '../logger.ts';
import { readSecret } from '../vault/secrets.queries.ts';
import { DELIVER_JOB, type WebhookDeps, type WebhooksService } from './service.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing.ts';
import { assertPublicHost } from './target-guard.ts';
import { deleteFinishedDeliveries, finishAttempt, stalePendingDeliveries, startAttempt } from './webhooks.queries.ts';

export const SWEEP_JOB = 'webhook-sweep';
const DAY_MS = 86_400_000;
// A pending delivery this old was queued by nobody (crash after commit) or lost its job: queue it.
const STALE_AFTER_MS = 10 * 60_000;
const KEEP_FINISHED_DAYS = 30;

export type AttemptResult = { status: 'delivered' | 'failed' | 'skipped'; attempts: number; statusCode?: number | null };

/**
 * One attempt of one delivery. A 2xx answer delivers it; anything else records the error and
 * throws so pg-boss retries it later with backoff, until the last allowed attempt marks it
 * `failed`. Idempotent: a delivery already finished (or deleted with its webhook) is skipped.
 */
export async function attemptDelivery(deps: WebhookDeps, deliveryId: string): Promise<AttemptResult> {
  const started = await startAttempt(deps.db, deliveryId, new Date(deps.clock.now()));
  if (!started) return { status: 'skipped', attempts: 0 };
  const { delivery, webhook } = started;
  const secret = await readSecret(deps.db, deps.vault, webhook.secretId);
  const timestamp = Math.floor(deps.clock.now() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const target = new URL(webhook.url);
    if (!deps.settings.allowPrivateTargets) assertPublicHost(target);
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Wevion-Webhooks/1',
        [DELIVERY_HEADER]: delivery.id,
        [EVENT_HEADER]: delivery.event,
        [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, delivery.body),
      },
      body: delivery.body,
      // A redirect is not a delivery: the receiver must give its final URL.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.settings.timeoutMs),
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    statusCode = response.status;
    // The answer's body is not kept: echoing it would let an admin read internal services
    // through a webhook URL pointed at them.
    await response.body?.cancel().catch(() => {});
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
  } catch (caught) {
    const cause = caught instanceof Error ? ((caught.cause as Error | undefined)?.message ?? caught.message) : String(caught);
    error = caught instanceof Error && caught.name === 'TimeoutError' ? `no answer within ${deps.settings.timeoutMs} ms` : redactText(cause).slice(0, 200);
  }
  const at = new Date(deps.clock.now());
  if (!error) {
    await finishAttempt(deps.db, delivery.id, { status: 'delivered', statusCode, error: null, at });
    deps.metrics.webhookAttempt(delivery.event, 'delivered');
    return { status: 'delivered', attempts: delivery.attempts, statusCode };
  }
  const last = delivery.attempts >= deps.settings.retryLimit + 1;
  await finishAttempt(deps.db, delivery.id, { status: last ? 'failed' : 'pending', statusCode, error, at });
  deps.metrics.webhookAttempt(delivery.event, last ? 'failed' : 'retrying');
  deps.logger.warn({ delivery: delivery.id, webhook: webhook.id, attempt: delivery.attempts, statusCode, error, gaveUp: last }, 'webhook delivery attempt failed');
  if (last) return { status: 'failed', attempts: delivery.attempts, statusCode };
  throw new AppError('webhook_delivery_failed', `delivery ${delivery.id}, attempt ${delivery.attempts}: ${error}`);
}

/**
 * Queues pending deliveries nobody queued (a crash between commit and send) and gives up on
 * those that outlived every retry; forgets finished deliveries after 30 days.
 */
export async function sweepDeliveries(deps: WebhookDeps, service: Pick<WebhooksService, 'enqueue'>): Promise<{ queued: number; gaveUp: number; deleted: number }> {
  const now = deps.clock.now();
  const { retryLimit, retryDelaySeconds } = deps.settings;
  // The longest pg-boss backoff (delay·2^n, up to twice that with jitter) plus an hour of slack.
  const giveUpAfterMs = 2 * retryDelaySeconds * 1000 * 2 ** Math.min(16, retryLimit + 1) + 3_600_000;
  let queued = 0;
  let gaveUp = 0;
  for (const row of await stalePendingDeliveries(deps.db, new Date(now - STALE_AFTER_MS))) {
    if (now - row.createdAt.getTime() > giveUpAfterMs) {
      await finishAttempt(deps.db, row.id, { status: 'failed', statusCode: null, error: 'gave up: no attempt succeeded within the retry window', at: new Date(now) });
      gaveUp += 1;
    } else {
      await service.enqueue(row.id);
      queued += 1;
    }
  }
  const deleted = await deleteFinishedDeliveries(deps.db, new Date(now - KEEP_FINISHED_DAYS * DAY_MS));
  return { queued, gaveUp, deleted };
}

export function webhookJobs(deps: WebhookDeps, service: Pick<WebhooksService, 'enqueue'>): JobDefinition<never, unknown>[] {
  const deliver = defineJob({
    name: DELIVER_JOB,
    description: 'Delivers one webhook event (retried with backoff)',
    payload: z.object({ deliveryId: z.string().uuid() }),
    recordRuns: false,
    retryLimit: deps.settings.retryLimit,
    retryDelaySeconds: deps.settings.retryDelaySeconds,
    expireInSeconds: Math.ceil(deps.settings.timeoutMs / 1000) + 60,
    concurrency: 2,
    handler: ({ deliveryId }) => attemptDelivery(deps, deliveryId),
  });
  const sweep = defineJob({
    name: SWEEP_JOB,
    description: 'Queues webhook deliveries left pending, forgets old ones',
    cron: '*/10 * * * *',
    payload: z.object({}).passthrough(),
    recordRuns: false,
    // Queues up to 500 pending deliveries and deletes old ones: seconds.
    expireInSeconds: 10 * 60,
    handler: () => sweepDeliveries(deps, service),
  });
  return [deliver, sweep] as JobDefinition<never, unknown>[];
}
