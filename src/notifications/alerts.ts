/**
 * Alerts people see outside the app. Notifications (in-app, always) are written by the token
 * lifecycle in its own transactions; after they are committed, the token event listener plans
 * one delivery per notification and channel the member wants (email, Telegram) and enqueues a
 * job per delivery. A minute sweep catches what a crash or a lost job left behind, and retries
 * failed attempts with backoff. A delivery never touches the notification or the token status.
 */
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { TokenEvent } from '../tokens/deps.ts';
import type { Vault } from '../vault/vault.ts';
import { createEmailChannel } from './channels/email.ts';
import { createTelegramClient, type TelegramClient } from './channels/telegram.ts';
import { createDelivery, type Delivery } from './delivery.ts';
import { pollTelegramUpdates, type TelegramDeps } from './telegram-link.ts';

export interface AlertsDeps {
  db: Db;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'publicUrl' | 'demoMode' | 'alerts'>;
  /** The job queue (it exists once every area's jobs are declared); throws when used earlier. */
  queue: () => Pick<JobQueue, 'send'>;
  registry?: Registry;
  /** Cron of the delivery sweep and of the Telegram updates poll. Default every minute. */
  cron?: string;
}

export interface Alerts {
  /** notification-deliver (one per delivery), notification-sweep and telegram-updates (every minute). */
  jobs: JobDefinition<never, unknown>[];
  /** Whether alert emails can be sent (SMTP_URL set): the preferences page says so. */
  emailAvailable: boolean;
  /** Subscribe to token events: dispatches the notifications the event's change created. */
  onTokenEvent(event: TokenEvent): Promise<void>;
  delivery: Delivery;
  telegram: TelegramDeps;
  close(): void;
}

export function createAlerts(deps: AlertsDeps): Alerts {
  const logger = deps.logger.child({ component: 'alerts' });
  const email = createEmailChannel({ db: deps.db, smtpUrl: deps.config.alerts.smtpUrl, mailFrom: deps.config.alerts.mailFrom, demoMode: deps.config.demoMode });
  const telegramClient: TelegramClient = createTelegramClient({ apiUrl: deps.config.alerts.telegramApiUrl });
  const delivery = createDelivery({ ...deps, logger, email, telegram: telegramClient, publicUrl: deps.config.publicUrl });
  const telegram: TelegramDeps = { db: deps.db, vault: deps.vault, clock: deps.clock, logger, telegram: telegramClient };
  const cron = deps.cron ?? '* * * * *';

  const jobs = [
    defineJob({
      name: 'notification-deliver',
      description: 'Sends one alert delivery (email or Telegram); failures are recorded and retried with backoff',
      payload: z.object({ deliveryId: z.string().uuid() }),
      recordRuns: false,
      // Channel failures are recorded, not thrown; a throw here is the database, worth a retry.
      retryLimit: 2,
      // One email or Telegram message; the channel's own timeouts are far shorter.
      expireInSeconds: 5 * 60,
      concurrency: 2,
      handler: async ({ deliveryId }) => ({ outcome: await delivery.deliver(deliveryId) }),
    }),
    defineJob({
      name: 'notification-sweep',
      description: 'Dispatches missed notifications and sends due alert deliveries and retries (every minute)',
      cron,
      payload: z.object({ trigger: z.string().optional() }).passthrough(),
      recordRuns: false,
      expireInSeconds: 10 * 60,
      handler: () => delivery.sweep(),
    }),
    defineJob({
      name: 'telegram-updates',
      description: 'Reads the workspace bots’ updates and links the chats that sent /start CODE (every minute)',
      cron,
      payload: z.object({ trigger: z.string().optional(), workspaceId: z.string().uuid().optional() }).passthrough(),
      recordRuns: false,
      expireInSeconds: 5 * 60,
      handler: ({ workspaceId }) => pollTelegramUpdates(telegram, workspaceId),
    }),
  ] as JobDefinition<never, unknown>[];

  return {
    jobs,
    emailAvailable: email.available,
    async onTokenEvent(event) {
      if (event.notificationIds.length > 0) await delivery.dispatch({ ids: event.notificationIds });
      // A reconnect writes its recovery notices inside the profile store's transaction and
      // does not name them: whatever of this profile is still undispatched goes now. A refresh
      // names every notice it wrote, and the sweep refreshes thousands: no lookup for it.
      if (event.type !== 'refreshed') await delivery.dispatch({ profileId: event.metaUser.id });
    },
    delivery,
    telegram,
    close: () => email.close(),
  };
}
