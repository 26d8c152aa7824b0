import { Registry } from 'prom-client';
import { sessionCleanupJob } from './accounts/session-cleanup.job.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { HttpDeps } from './http/context.ts';
import { attentionRoutes } from './http/routes/attention.ts';
import { connectRoutes } from './http/routes/connect.ts';
import { metaUserRoutes } from './http/routes/meta-users.ts';
import { notificationRoutes } from './http/routes/notifications.ts';
import { profileSyncRoutes } from './http/routes/profile-sync.ts';
import { proxyRoutes } from './http/routes/proxy.ts';
import { checkoutRoutes } from './http/routes/checkout.ts';
import { createCheckoutLog } from './checkout/checkout-log.ts';
import { createKeyThrottle } from './checkout/key-throttle.ts';
import { createProfileTokenCache } from './tokens/token-cache.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';
import type { JobDefinition } from './jobs/definition.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { createGraphClient, type GraphClient } from './meta/graph-client.ts';
import { createAlerts } from './notifications/alerts.ts';
import { instrumentRefreshJob, registerOperatorMetrics } from './ops/metrics.ts';
import { createAppHealth, type AppHealth, type AppHealthEvent } from './meta-app/app-health.ts';
import { metaAppCheckJob } from './meta-app/app-health.job.ts';
import { describeAppHealth, metaAppRoutes } from './http/routes/meta-app.ts';
import { createOperatorAlerts } from './notifications/operator-alerts.ts';
import { shareMetaBudget } from './meta-budget/shared-budget.ts';
import type { TokenEvent, TokenEventSink } from './tokens/deps.ts';
import { createTokensService, type TokensService } from './tokens/service.ts';
import type { SyncNowDeps } from './tokens/sync-now.ts';
import { createAssets, type Assets } from './assets/index.ts';
import type { Vault } from './vault/vault.ts';
import { webhookJobs } from './webhooks/delivery.job.ts';
import { createWebhooks } from './webhooks/service.ts';
import { webhookDispatcher } from './webhooks/target-guard.ts';

/** Where Meta is for this process: the configured app, or the demo emulator. */
export interface MetaSettings {
  appId: string;
  appSecret: string;
  graphUrl: string;
  dialogUrl: string;
  graphVersion: string;
  redirectUri: string;
}

export interface Application {
  graph: GraphClient;
  assets: Assets;
  tokens: TokensService;
  appHealth: AppHealth;
  /** For /readyz and the admin banner. */
  describeMetaApp(): Promise<Awaited<ReturnType<typeof describeAppHealth>>>;
  queue: JobQueue;
  registry: Registry;
  routes: NonNullable<HttpDeps['routes']>;
  /** Listeners of token events (the areas subscribe; tests may add their own). */
  onTokenEvent(listener: (event: TokenEvent) => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * Builds every area on an open database: Graph client → token lifecycle → jobs → routes.
 * The composition root and the integration tests share it, so tests run what production runs.
 */
export function composeApplication(input: {
  config: Config;
  database: Database;
  vault: Vault;
  clock: Clock;
  logger: Logger;
  meta: MetaSettings;
  registry?: Registry;
  /** Tests lower pg-boss polling so queued work is picked up promptly. */
  pollingIntervalSeconds?: number;
  random?: () => number;
}): Application {
  const { config, database, vault, clock, logger, meta } = input;
  const registry = input.registry ?? new Registry();
  const graph = createGraphClient({
    graphUrl: meta.graphUrl,
    graphVersion: meta.graphVersion,
    appId: meta.appId,
    appSecret: meta.appSecret,
    clock,
    logger: logger.child({ component: 'graph' }),
    connectTimeoutMs: config.meta.connectTimeoutMs,
    requestTimeoutMs: config.meta.requestTimeoutMs,
    registry,
    ...(input.random ? { random: input.random } : {}),
  });

  // Several processes on one PostgreSQL share one Meta budget; embedded PGlite is one process.
  const budget = database.engine === 'postgres' ? shareMetaBudget({ db: database.db, changes: database.changes, usage: graph.usage, logger: logger.child({ component: 'meta-budget' }), now: () => clock.now() }) : undefined;

  // Jobs enqueue follow-up jobs; the queue exists once every area has declared its jobs.
  const queueRef: { current?: JobQueue } = {};
  const queue = () => queueRef.current;
  // Meta app health comes before the token lifecycle: no status may change while Meta refuses
  // the app itself. Its changes go to operators (webhooks, email), never to marketers.
  const appListeners: Array<(event: AppHealthEvent) => Promise<void>> = [];
  const appHealth = createAppHealth({
    db: database.db,
    graph,
    clock,
    logger: logger.child({ component: 'meta-app' }),
    appId: meta.appId,
    wave: config.verificationWave,
    onChange: async (event) => {
      for (const listener of appListeners) {
        try {
          await listener(event);
        } catch (error) {
          logger.error({ err: error, event: event.type }, 'meta app event listener failed');
        }
      }
    },
    recheck: async (profileIds) => {
      for (const profileId of profileIds) await tokens.deps.scheduleVerification?.(profileId, 0);
    },
  });
  const listeners: Array<(event: TokenEvent) => Promise<void>> = [];
  const events: TokenEventSink = {
    emit: async (event) => {
      for (const listener of listeners) {
        try {
          await listener(event);
        } catch (error) {
          logger.error({ err: error, event: event.type }, 'token event listener failed');
        }
      }
    },
  };
  // Operators: token metrics read at scrape time, outcome counters, webhooks for token events.
  const operatorMetrics = registerOperatorMetrics({ registry, db: database.db, logger: logger.child({ component: 'metrics' }), appId: meta.appId });
  const tokens = createTokensService(
    { db: database.db, vault, graph, clock, logger: logger.child({ component: 'tokens' }), events, appGate: appHealth.gate },
    {
      app: { appId: meta.appId, dialogUrl: meta.dialogUrl, redirectUri: meta.redirectUri },
      cron: config.jobs.tokenJobsCron,
      windowDays: config.refreshWindowDays,
      queue,
      onVerification: (outcome) => operatorMetrics.verification(outcome),
    },
  );
  // Assets: discovery, permission sync, broker, insights and campaigns. Listening first: a
  // connect syncs the profile's assets before anyone else is told, and an expiry revokes them.
  // The proxy, the broker and checkouts read profiles and their sealed tokens from memory.
  const profiles = createProfileTokenCache(database.db, database.changes);
  const assets = createAssets({
    db: database.db,
    changes: database.changes,
    profiles,
    vault,
    graph,
    clock,
    logger: logger.child({ component: 'assets' }),
    verifier: tokens.verifier,
    queue,
    cron: config.jobs.tokenJobsCron,
    insightsCron: config.jobs.insightsSyncCron,
    scheduleTimeZone: config.jobs.scheduleTimeZone,
    // One insights call returns every day of the range, so the UI's 30-day chart costs nothing more.
    insightsDays: 30,
  });
  listeners.push((event) => assets.onTokenEvent(event));
  const webhookDeps = { db: database.db, vault, clock, logger: logger.child({ component: 'webhooks' }), settings: config.webhooks, metrics: operatorMetrics, queue, changes: database.changes, dispatcher: webhookDispatcher(config.webhooks.allowPrivateTargets) };
  const webhooks = createWebhooks(webhookDeps);
  listeners.push((event) => webhooks.onTokenEvent(event));
  appListeners.push((event) => webhooks.onAppEvent(event));
  const operatorAlerts = createOperatorAlerts({ ...config.alerts, publicUrl: config.publicUrl, logger: logger.child({ component: 'operator-alerts' }), queue });
  appListeners.push((event) => operatorAlerts.onAppEvent(event));
  // Alerts outside the app: email and Telegram deliveries of what token events notified (after commit).
  const alerts = createAlerts({ db: database.db, vault, clock, logger, config, registry, queue: () => queueRef.current });
  listeners.push((event) => alerts.onTokenEvent(event));
  // "Sync now" of one profile: verify, refresh when due, then discovery + permission sync.
  const syncNow: SyncNowDeps = { tokens, windowDays: config.refreshWindowDays, syncProfile: (id) => assets.syncProfile(id) };
  const jobs = [
    sessionCleanupJob({ db: database.db, clock }),
    ...instrumentRefreshJob(tokens.jobs, operatorMetrics),
    ...webhookJobs(webhookDeps, webhooks),
    ...alerts.jobs,
    ...assets.jobs,
    metaAppCheckJob(appHealth),
    ...operatorAlerts.jobs,
  ] as JobDefinition<never, unknown>[];
  const created = createJobQueue({
    database,
    clock,
    logger,
    jobs,
    scheduleTimeZone: config.jobs.scheduleTimeZone,
    registry,
    ...(input.pollingIntervalSeconds ? { pollingIntervalSeconds: input.pollingIntervalSeconds } : {}),
  });
  queueRef.current = created;
  const routes: NonNullable<HttpDeps['routes']> = [
    // Before the profile routes: /api/meta-users/{id} would take "attention" for an id.
    attentionRoutes(database.db),
    metaUserRoutes(tokens, database.changes),
    connectRoutes(tokens),
    notificationRoutes(database.db, clock),
    proxyRoutes(tokens, profiles, (workspaceId, adAccountId, purpose, call) => assets.broker.withAssetToken(workspaceId, { adAccountId }, purpose, call)),
    checkoutRoutes({
      db: database.db,
      vault,
      clock,
      graph,
      verifier: tokens.verifier,
      broker: assets.broker,
      profiles,
      log: createCheckoutLog(database.db),
      throttle: createKeyThrottle(config.checkout.perMinute),
      appSecret: meta.appSecret,
      ttlSeconds: config.checkout.ttlSeconds,
    }),
    webhookRoutes(webhooks),
    metaAppRoutes(appHealth, database.db, meta.appId),
    alerts.routes,
    profileSyncRoutes(syncNow),
    assets.routes,
  ];
  return {
    graph,
    assets,
    tokens,
    appHealth,
    describeMetaApp: () => describeAppHealth(appHealth, database.db, meta.appId),
    queue: created,
    registry,
    routes,
    onTokenEvent: (listener) => listeners.push(listener),
    close: async () => {
      await created.stop(config.shutdownTimeoutMs);
      await budget?.close();
      alerts.close();
      operatorAlerts.close();
      await graph.close();
      await webhookDeps.dispatcher?.close();
    },
  };
}
