import { Counter, type Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import { forEachLimit } from '../concurrency.ts';
import type { Db } from '../db/database.ts';
import type { AlertChannel } from '../db/schema-alerts.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import { readSecret } from '../vault/secrets.queries.ts';
import type { Vault } from '../vault/vault.ts';
import { composeAlert, toEmail, toTelegramHtml } from './alert-content.ts';
import { DeliveryError } from './channels/delivery-error.ts';
import type { EmailChannel } from './channels/email.ts';
import type { TelegramClient } from './channels/telegram.ts';
import { claimDelivery, insertDeliveries, loadDeliveryContext, markAttemptFailed, markDispatched, markSent, selectDueDeliveries, selectUndispatched, type DeliveryRow } from './deliveries.queries.ts';
import { channelsFor } from './preferences.ts';
import { preferencesOf, requireCriticalOf } from './preferences.queries.ts';
import { getBot, telegramLinksOf } from './telegram.queries.ts';

export interface DeliveryDeps {
  db: Db;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  email: EmailChannel;
  telegram: TelegramClient;
  publicUrl: string;
  /** Read at each use: the queue exists once every area has declared its jobs. */
  queue: () => Pick<JobQueue, 'send'>;
  registry?: Registry;
}

/** Waits before the 2nd, 3rd… attempt; after the last one the delivery is failed. */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 60 * 60] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
// Longer than any send may take (SMTP socket timeout 30 s, Telegram 15 s).
const LEASE_MS = 2 * 60_000;
// Older undispatched notifications are old news: no mail about them days later.
const DISPATCH_HORIZON_MS = 48 * 3_600_000;

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

export function createDelivery(deps: DeliveryDeps) {
  const counter = new Counter({
    name: 'wevion_alert_deliveries_total',
    help: 'Alert delivery attempts by channel and outcome (sent, retry, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: deps.registry ? [deps.registry] : [],
  });
  const now = () => new Date(deps.clock.now());

  /**
   * Plans the email/Telegram deliveries of notifications not yet dispatched (by id, of one
   * profile, or all recent ones) and enqueues a job per new delivery. Runs after the
   * notifications are committed; safe to run twice or on two workers (unique keys).
   */
  async function dispatch(filter: { ids?: string[]; profileId?: string }): Promise<string[]> {
    const at = now();
    const pending = await selectUndispatched(deps.db, { ...filter, since: new Date(at.getTime() - DISPATCH_HORIZON_MS), limit: 500 });
    if (pending.length === 0) return [];
    const memberIds = [...new Set(pending.map((n) => n.memberId))];
    const [preferences, requireCritical, links] = await Promise.all([
      preferencesOf(deps.db, memberIds),
      requireCriticalOf(deps.db, [...new Set(pending.map((n) => n.workspaceId))]),
      telegramLinksOf(deps.db, memberIds),
    ]);
    const rows = pending.flatMap((n) =>
      channelsFor({
        type: n.type,
        preferences: preferences.get(n.memberId) ?? new Map(),
        requireCritical: requireCritical.has(n.workspaceId),
        emailAvailable: deps.email.available,
        telegramLinked: links.has(n.memberId),
      }).map((channel) => ({ notificationId: n.id, workspaceId: n.workspaceId, memberId: n.memberId, channel })),
    );
    const created = await insertDeliveries(deps.db, rows, at);
    await markDispatched(
      deps.db,
      pending.map((n) => n.id),
      at,
    );
    for (const id of created) await enqueue(id, 0, 1);
    return created;
  }

  // Losing the job is harmless: the minute sweep delivers whatever is due.
  async function enqueue(deliveryId: string, delaySeconds: number, attempt: number): Promise<void> {
    try {
      await deps.queue().send('notification-deliver', { deliveryId }, { startAfter: delaySeconds, singletonKey: `deliver:${deliveryId}:${attempt}` });
    } catch (error) {
      deps.logger.warn({ err: error, deliveryId }, 'could not enqueue the delivery; the sweep will send it');
    }
  }

  /** One attempt at one delivery, if it is due and nobody else is sending it. */
  async function deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const claimed = await claimDelivery(deps.db, deliveryId, now(), LEASE_MS);
    if (!claimed) return 'skipped';
    if (claimed.attempts > MAX_ATTEMPTS) {
      // Workers died mid-send on every attempt: stop rather than risk yet another duplicate.
      await markAttemptFailed(deps.db, claimed.id, now(), claimed.last_error ?? 'gave up: every attempt was interrupted', null);
      return record(claimed.channel, 'failed');
    }
    try {
      const providerId = await send(claimed);
      await markSent(deps.db, claimed.id, now(), providerId);
      return record(claimed.channel, 'sent');
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : undefined;
      if (!failure) deps.logger.error({ err: error, deliveryId }, 'alert delivery failed unexpectedly');
      const message = failure?.message ?? 'internal error (logged)';
      const delay = RETRY_DELAYS_SECONDS[claimed.attempts - 1];
      if (failure?.permanent || delay === undefined) {
        await markAttemptFailed(deps.db, claimed.id, now(), message, null);
        deps.logger.warn({ deliveryId, channel: claimed.channel, attempts: claimed.attempts, error: message }, 'alert delivery failed for good');
        return record(claimed.channel, 'failed');
      }
      const waitSeconds = Math.max(delay, failure?.retryAfterSeconds ?? 0);
      await markAttemptFailed(deps.db, claimed.id, now(), message, new Date(deps.clock.now() + waitSeconds * 1000));
      deps.logger.info({ deliveryId, channel: claimed.channel, attempts: claimed.attempts, waitSeconds, error: message }, 'alert delivery will be retried');
      await enqueue(claimed.id, waitSeconds, claimed.attempts + 1);
      return record(claimed.channel, 'retry');
    }
  }

  function record(channel: AlertChannel, outcome: DeliveryOutcome): DeliveryOutcome {
    counter.inc({ channel, outcome });
    return outcome;
  }

  async function send(delivery: DeliveryRow): Promise<string> {
    const context = await loadDeliveryContext(deps.db, delivery.notification_id);
    if (!context) throw new DeliveryError('the notification no longer exists', true);
    const locale = context.member.locale;
    const content = composeAlert({ type: context.notification.type, params: context.notification.params, locale, profile: context.profile, publicUrl: deps.publicUrl });
    if (delivery.channel === 'email') {
      const mail = toEmail(content, locale);
      return (await deps.email.send({ deliveryId: delivery.id, workspaceId: delivery.workspace_id, to: context.member.email, ...mail }, now())).providerId;
    }
    const [bot, links] = await Promise.all([getBot(deps.db, delivery.workspace_id), telegramLinksOf(deps.db, [delivery.member_id])]);
    const chatId = links.get(delivery.member_id);
    if (!bot || !chatId) throw new DeliveryError('Telegram is no longer linked for this member', true);
    const token = await readSecret(deps.db, deps.vault, bot.secretId);
    return (await deps.telegram.sendMessage(token, chatId, toTelegramHtml(content))).messageId;
  }

  /** The minute sweep: dispatch what was missed, then every due delivery (first tries and retries). */
  async function sweep(): Promise<{ dispatched: number; sent: number; retry: number; failed: number; skipped: number }> {
    const dispatched = (await dispatch({})).length;
    const summary = { dispatched, sent: 0, retry: 0, failed: 0, skipped: 0 };
    const due = await selectDueDeliveries(deps.db, now(), 200);
    await forEachLimit(due, 4, async (id) => {
      summary[await deliver(id)] += 1;
    });
    return summary;
  }

  return { dispatch, deliver, sweep };
}

export type Delivery = ReturnType<typeof createDelivery>;
