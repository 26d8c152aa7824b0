import type { Alerts } from '../../notifications/alerts.ts';
import type { AppHealth } from '../../meta-app/app-health.ts';
import type { Assets } from '../../assets/index.ts';
import { createCheckoutLog } from '../../checkout/checkout-log.ts';
import { createKeyThrottle } from '../../checkout/key-throttle.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { GraphClient } from '../../meta/graph-client.ts';
import type { ProfileTokenCache } from '../../tokens/token-cache.ts';
import type { TokensService } from '../../tokens/service.ts';
import type { SyncNowDeps } from '../../tokens/sync-now.ts';
import type { Vault } from '../../vault/vault.ts';
import type { WebhooksService } from '../../webhooks/service.ts';
import type { ApiApp } from '../openapi.ts';
import { alertRoutes } from './alerts.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { assetRoutes } from './assets.ts';
import { attentionRoutes } from './attention.ts';
import { checkoutRoutes } from './checkout.ts';
import { connectRoutes } from './connect.ts';
import { metaAppRoutes } from './meta-app.ts';
import { metaUserRoutes } from './meta-users.ts';
import { notificationRoutes } from './notifications.ts';
import { profileSyncRoutes } from './profile-sync.ts';
import { proxyRoutes } from './proxy.ts';
import { webhookRoutes } from './webhooks.ts';
import type { ApiVersionWatch } from '../../meta-app/api-version.ts';
import type { MetaSignals } from '../../meta-signals/service.ts';
import { metaSignalRoutes } from './meta-signals.ts';

/** The areas the API serves, as the composition root built them. */
export interface RoutedAreas {
  config: Pick<Config, 'demoMode' | 'checkout'>;
  database: Database;
  vault: Vault;
  clock: Clock;
  graph: GraphClient;
  meta: { appId: string; appSecret: string };
  tokens: TokensService;
  profiles: ProfileTokenCache;
  assets: Assets;
  webhooks: WebhooksService;
  appHealth: AppHealth;
  apiVersions: ApiVersionWatch;
  alerts: Alerts;
  syncNow: SyncNowDeps;
  metaSignals: MetaSignals;
}

/**
 * Every area's API routes, in mount order: the one place they are mounted. `createApp` puts the
 * ones every process has (health, session, jobs, the contract) around them, `main.ts` the UI after.
 */
export function areaRoutes(areas: RoutedAreas): Array<(app: ApiApp) => void> {
  const { database, clock, tokens, profiles, assets } = areas;
  return [
    // Before the profile routes: /api/meta-users/{id} would take "attention" for an id.
    attentionRoutes(database.db),
    metaUserRoutes(tokens, database.db, database.changes),
    connectRoutes(tokens, database.db),
    notificationRoutes(database.db, clock),
    proxyRoutes(tokens, areas.graph, profiles, (workspaceId, adAccountId, purpose, call) => assets.broker.withAssetToken(workspaceId, { adAccountId }, purpose, call)),
    checkoutRoutes({
      db: database.db,
      vault: areas.vault,
      clock,
      graph: areas.graph,
      verifier: tokens.verifier,
      broker: assets.broker,
      profiles,
      log: createCheckoutLog(database.db, { perMinute: areas.config.checkout.perMinute }),
      throttle: createKeyThrottle(areas.config.checkout.perMinute),
      appSecret: areas.meta.appSecret,
      ttlSeconds: areas.config.checkout.ttlSeconds,
    }),
    webhookRoutes(areas.webhooks),
    apiKeyRoutes({ db: database.db, clock }),
    metaAppRoutes(areas.appHealth, database.db, areas.meta.appId, areas.apiVersions, () => areas.metaSignals.describe()),
    metaSignalRoutes(areas.metaSignals),
    alertRoutes({ db: database.db, clock, emailAvailable: areas.alerts.emailAvailable, demoMode: areas.config.demoMode, telegram: areas.alerts.telegram }),
    profileSyncRoutes(areas.syncNow),
    assetRoutes({ db: database.db, clock, campaigns: assets.campaigns, changes: database.changes }),
  ];
}
