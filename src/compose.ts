import { Registry } from 'prom-client';
import { sessionCleanupJob } from './accounts/session-cleanup.job.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { HttpDeps } from './http/context.ts';
import { connectRoutes } from './http/routes/connect.ts';
import { metaUserRoutes } from './http/routes/meta-users.ts';
import { notificationRoutes } from './http/routes/notifications.ts';
import { proxyRoutes } from './http/routes/proxy.ts';
import type { JobDefinition } from './jobs/definition.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { createGraphClient, type GraphClient } from './meta/graph-client.ts';
import type { TokenEvent, TokenEventSink } from './tokens/deps.ts';
import { createTokensService, type TokensService } from './tokens/service.ts';
import type { Vault } from './vault/vault.ts';

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
  tokens: TokensService;
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

  // Jobs enqueue follow-up jobs; the queue exists once every area has declared its jobs.
  const queueRef: { current?: JobQueue } = {};
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
  const tokens = createTokensService(
    { db: database.db, vault, graph, clock, logger: logger.child({ component: 'tokens' }), events },
    {
      app: { appId: meta.appId, dialogUrl: meta.dialogUrl, redirectUri: meta.redirectUri },
      cron: config.jobs.tokenJobsCron,
      windowDays: config.refreshWindowDays,
      queue: () => queueRef.current,
    },
  );
  const jobs = [sessionCleanupJob({ db: database.db, clock }), ...tokens.jobs] as JobDefinition<never, unknown>[];
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
  const routes: NonNullable<HttpDeps['routes']> = [metaUserRoutes(tokens), connectRoutes(tokens), notificationRoutes(database.db, clock), proxyRoutes(tokens)];
  return {
    graph,
    tokens,
    queue: created,
    registry,
    routes,
    onTokenEvent: (listener) => listeners.push(listener),
    close: async () => {
      await created.stop(config.shutdownTimeoutMs);
      await graph.close();
    },
  };
}
