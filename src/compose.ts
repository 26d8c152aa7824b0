import { Registry } from 'prom-client';
import { sessionCleanupJob } from './accounts/session-cleanup.job.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { HttpDeps } from './http/context.ts';
import { createProfileTokenCache } from './tokens/token-cache.ts';
import type { JobDefinition } from './jobs/definition.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { createGraphClient, type GraphClient } from './meta/graph-client.ts';
import { createAlerts } from './notifications/alerts.ts';
import { writeTokenNotices } from './notifications/token-notices.ts';
import { createListeners } from './listeners.ts';
import { registerOperatorMetrics } from './ops/metrics.ts';
import { activeTokenFlags } from './ops/ops.queries.ts';
import { countByStatus } from './tokens/tokens.queries.ts';
import { countDeliveriesByStatus } from './webhooks/webhooks.queries.ts';
import { countHeld, getAppHealth } from './meta-app/app-health.queries.ts';
import { createAppHealth, credentialsFingerprint, type AppHealth, type AppHealthEvent, type OwnCredentials } from './meta-app/app-health.ts';
import { createApiVersionWatch, type ApiVersionNotice, type ApiVersionWatch } from './meta-app/api-version.ts';
import { metaAppCheckJob } from './meta-app/app-health.job.ts';
import { describeAppHealth } from './http/routes/meta-app.ts';
import { areaRoutes } from './http/routes/index.ts';
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
import { createMetaSignals, type MetaSignals } from './meta-signals/service.ts';

/** Where Meta is for this process: the configured app, or the demo emulator. */
export interface MetaSettings {
  appId: string;
  appSecret: string;
  graphUrl: string;
  dialogUrl: string;
  graphVersion: string;
  redirectUri: string;
  /** The verify token of Meta's webhook handshake: META_WEBHOOK_VERIFY_TOKEN, or the demo's (DATA_DIR). */
  webhookVerifyToken?: string | undefined;
  /** Facebook Login for Business configurations: META_LOGIN_CONFIG_ID and META_BUSINESS_CONFIG_ID, or the demo app's. */
  loginConfigId?: string | undefined;
  businessConfigId?: string | undefined;
}

export interface Application {
  graph: GraphClient;
  assets: Assets;
  tokens: TokensService;
  appHealth: AppHealth;
  apiVersions: ApiVersionWatch;
  /** What Meta pushes: callbacks, webhooks, the subscription (meta-signals/). */
  metaSignals: MetaSignals;
  /** For /readyz and the admin banner. */
  describeMetaApp(): Promise<Awaited<ReturnType<typeof describeAppHealth>>>;
  queue: JobQueue;
  registry: Registry;
  /** Alert emails can be sent (SMTP_URL set); `serve` and `worker` say so at start when not. */
  emailAvailable: boolean;
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
  /** What this process is (`serve`, `worker`, `cli`): the job runs it records name it. */
  role?: string;
  /** The lease of a recorded job run (tests shorten the renewal). */
  runLease?: { seconds: number; renewEverySeconds: number };
  random?: () => number;
  /** Real-time spacing between two checks of the Meta app by this process (default 500 ms; tests lower it). */
  appCheckGapMs?: number;
  /**
   * Where Meta reaches this service (callbacks, webhooks): PUBLIC_URL by default; the demo gives
   * the loopback address it listens on, known once it listens.
   */
  signalsBaseUrl?: () => string;
  /** Default true; false: Meta's signals are worked through their jobs only (tests that run jobs themselves). */
  eagerSignals?: boolean;
}): Application {
  const { config, database, vault, clock, logger, meta } = input;
  const registry = input.registry ?? new Registry();
  // Set while Meta refuses this process's own app credentials (see meta-app/app-health.ts): its
  // Graph calls are not sent and it works no jobs, so a misconfigured process cannot act.
  let ownCredentialsRefused: OwnCredentials | undefined;
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
    blocked: () => (ownCredentialsRefused ? `Meta refuses this process's app credentials (check ${ownCredentialsRefused.variable})` : undefined),
    onApiVersion: (event) => apiVersions.observe(event),
  });

  // Several processes on one PostgreSQL share one Meta budget; embedded PGlite is one process.
  const budget = database.engine === 'postgres' ? shareMetaBudget({ db: database.db, changes: database.changes, usage: graph.usage, logger: logger.child({ component: 'meta-budget' }), now: () => clock.now() }) : undefined;

  // Jobs enqueue follow-up jobs, but the queue is built from every area's job declarations: the
  // areas get this getter, which fails loudly if anything sent before the queue exists (nothing
  // does: jobs run and requests arrive only after start).
  const built: { queue?: JobQueue } = {};
  const queue = (): JobQueue => {
    if (!built.queue) throw new Error('the job queue was used before it was created');
    return built.queue;
  };
  // Meta app health comes before the token lifecycle: no status may change while Meta refuses
  // the app itself. Its changes go to operators (webhooks, email), never to marketers.
  const appEvents = createListeners<AppHealthEvent>(logger, 'meta app event');
  // Meta's API version: its end near, served as another, Ads calls refused; told to operators once.
  const versionNotices = createListeners<ApiVersionNotice>(logger, 'meta api version notice');
  const apiVersions = createApiVersionWatch({ db: database.db, clock, logger: logger.child({ component: 'meta-api-version' }), appId: meta.appId, configured: meta.graphVersion, onNotice: versionNotices.emit });
  const appHealth = createAppHealth({
    db: database.db,
    graph,
    clock,
    logger: logger.child({ component: 'meta-app' }),
    appId: meta.appId,
    credentials: credentialsFingerprint(meta.appId, meta.appSecret),
    ...(input.appCheckGapMs !== undefined ? { minCheckGapMs: input.appCheckGapMs } : {}),
    onChange: appEvents.emit,
    recheck: async (profileIds) => {
      for (const profileId of profileIds) await tokens.scheduleVerification(profileId, 0);
    },
    onOwnCredentials: async (own) => {
      ownCredentialsRefused = own.refused ? own : undefined;
      operatorMetrics.ownCredentials(own.refused);
      if (!built.queue) return;
      if (own.refused) await built.queue.pause();
      else await built.queue.resume();
    },
  });
  // Token events: in the change's transaction the notifications area writes the in-app
  // notifications (once per incident); after the commit every other area hears of it.
  const tokenEvents = createListeners<TokenEvent>(logger, 'token event');
  const events: TokenEventSink = { inTransaction: writeTokenNotices, emit: tokenEvents.emit };
  // Operators: token metrics read at scrape time, outcome counters, webhooks for token events.
  const operatorMetrics = registerOperatorMetrics({
    registry,
    logger: logger.child({ component: 'metrics' }),
    read: {
      tokensByStatus: () => countByStatus(database.db),
      activeTokenFlags: () => activeTokenFlags(database.db),
      webhookDeliveriesByStatus: () => countDeliveriesByStatus(database.db),
      metaAppHealthy: async () => (await getAppHealth(database.db, meta.appId))?.healthy !== false,
      ownCredentialsRefused: () => appHealth.ownCredentials().refused,
      apiVersion: () => apiVersions.status(),
      verificationsHeld: () => countHeld(database.db),
    },
  });
  const tokens = createTokensService(
    { db: database.db, vault, graph, clock, logger: logger.child({ component: 'tokens' }), events, appGate: appHealth.gate },
    {
      app: {
        appId: meta.appId,
        dialogUrl: meta.dialogUrl,
        redirectUri: meta.redirectUri,
        loginConfigId: meta.loginConfigId ?? config.meta.loginConfigId,
        businessConfigId: meta.businessConfigId ?? config.meta.businessConfigId,
      },
      cron: config.jobs.tokenJobsCron,
      windowDays: config.refreshWindowDays,
      queue,
      onVerification: (outcome) => operatorMetrics.verification(outcome),
      onRefreshSummary: (summary) => operatorMetrics.refreshSummary(summary),
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
  tokenEvents.add((event) => assets.onTokenEvent(event));
  const webhookDeps = { db: database.db, vault, clock, logger: logger.child({ component: 'webhooks' }), settings: config.webhooks, metrics: operatorMetrics, queue, changes: database.changes, dispatcher: webhookDispatcher(config.webhooks.allowPrivateTargets) };
  const webhooks = createWebhooks(webhookDeps);
  tokenEvents.add((event) => webhooks.onTokenEvent(event));
  appEvents.add((event) => webhooks.onAppEvent(event));
  const operatorAlerts = createOperatorAlerts({ ...config.alerts, publicUrl: config.publicUrl, logger: logger.child({ component: 'operator-alerts' }), queue });
  appEvents.add((event) => operatorAlerts.onAppEvent(event));
  versionNotices.add((notice) => operatorAlerts.onApiVersionNotice(meta.appId, notice));
  versionNotices.add((notice) => webhooks.onApiVersionNotice(meta.appId, notice));
  // Alerts outside the app: email and Telegram deliveries of what token events notified (after commit).
  const alerts = createAlerts({ db: database.db, vault, clock, logger, config, registry, queue });
  tokenEvents.add((event) => alerts.onTokenEvent(event));
  // What Meta pushes: a removal or a permission change queues the checks that ask Meta; a data
  // deletion request deletes what is held about the person.
  const metaSignals = createMetaSignals({
    db: database.db,
    clock,
    logger: logger.child({ component: 'meta-signals' }),
    app: { appId: meta.appId, appSecret: meta.appSecret },
    verifyToken: meta.webhookVerifyToken ?? config.meta.webhookVerifyToken,
    publicUrl: config.publicUrl,
    queue,
    vault,
    graph,
    verifier: tokens.verifier,
    syncProfile: (profileId) => assets.syncProfile(profileId),
    registry,
    baseUrl: input.signalsBaseUrl ?? (() => config.publicUrl),
    eager: input.eagerSignals !== false,
  });
  // "Sync now" of one profile: verify, refresh when due, then discovery + permission sync.
  const syncNow: SyncNowDeps = { db: database.db, clock, logger: logger.child({ component: 'sync-now' }), tokens, syncProfile: (id) => assets.syncProfile(id) };
  const jobs = [
    sessionCleanupJob({ db: database.db, clock }),
    ...tokens.jobs,
    ...webhookJobs(webhookDeps, webhooks),
    ...alerts.jobs,
    ...assets.jobs,
    metaAppCheckJob(appHealth, apiVersions),
    ...operatorAlerts.jobs,
    ...metaSignals.jobs,
  ] as JobDefinition<never, unknown>[];
  const created = createJobQueue({
    database,
    clock,
    logger,
    jobs,
    scheduleTimeZone: config.jobs.scheduleTimeZone,
    workerConcurrency: config.jobs.workerConcurrency,
    registry,
    ...(input.pollingIntervalSeconds ? { pollingIntervalSeconds: input.pollingIntervalSeconds } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.runLease ? { runLease: input.runLease } : {}),
  });
  built.queue = created;
  const routes = areaRoutes({ config, database, vault, clock, graph, meta, tokens, profiles, assets, webhooks, appHealth, apiVersions, alerts, syncNow, metaSignals });
  return {
    graph,
    assets,
    tokens,
    appHealth,
    apiVersions,
    metaSignals,
    describeMetaApp: () => describeAppHealth(appHealth, database.db, meta.appId, apiVersions),
    queue: created,
    registry,
    emailAvailable: alerts.emailAvailable,
    routes,
    onTokenEvent: tokenEvents.add,
    close: async () => {
      appHealth.close();
      await apiVersions.settled();
      await metaSignals.close();
      await created.stop(config.shutdownTimeoutMs);
      await budget?.close();
      alerts.close();
      operatorAlerts.close();
      await graph.close();
      await webhookDeps.dispatcher?.close();
    },
  };
}
