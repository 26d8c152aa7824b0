/**
 * The assets area: discovery and permission sync, the token broker, and the consumers that make
 * token health visible (insights/campaign data sync, campaign actions). The composition root
 * builds it once with `createAssets(deps)`, registers `jobs`, hands `campaigns` to the asset routes
 * (src/http/routes/assets.ts), and calls
 * `syncProfile` after a connect or reconnect and `revokeProfile` when a token stops being Active.
 */
import type { JobDefinition } from '../jobs/definition.ts';
import type { TokenEvent } from '../tokens/deps.ts';
import { createBroker, type Broker } from './broker.ts';
import { createCampaignActions, type CampaignActions } from './campaigns.ts';
import { insightsSyncJobs } from './insights-sync.job.ts';
import { createDataSync, type DataSyncSummary } from './insights-sync.ts';
import { permissionSyncJobs } from './permission-sync.job.ts';
import { createPermissionSync } from './permission-sync.ts';
import type { AssetsDeps, PermissionSyncSummary } from './types.ts';

export type { AssetRef, BlockedReason, Broker, Purpose } from './broker.ts';
export type { AssetsDeps, PermissionSyncSummary } from './types.ts';
export type { DataSyncSummary } from './insights-sync.ts';

export interface Assets {
  /** permission-sync (sweep), permission-sync-token (fan-out), insights-sync (sweep), insights-sync-account (fan-out). */
  jobs: JobDefinition<never, unknown>[];
  /** Campaign actions (pause, resume, launch), gated by token health: for the asset routes. */
  campaigns: CampaignActions;
  /** Discovery + permission sync of one profile now. Never throws for a Graph failure: see `failedTokens`. */
  syncProfile(profileId: string): Promise<PermissionSyncSummary>;
  /** Drops the permission rows of a profile that is no longer Active (an Active one is left alone). */
  revokeProfile(profileId: string): Promise<void>;
  /** Every Active profile now, as "run now" does; the summary of all. */
  syncAll(): Promise<PermissionSyncSummary>;
  /** Insights and campaigns of every ad account a healthy token may read, now. */
  syncData(): Promise<DataSyncSummary>;
  broker: Broker;
  /** The gate for campaign actions and launches: throws `token_unavailable` when no healthy token may manage. */
  assertCanManage(workspaceId: string, adAccountId: string): Promise<void>;
  /**
   * A ready listener for the token lifecycle's events: a connect or reconnect syncs the profile,
   * a token that stops being Active loses its permissions. Failures are logged, never thrown.
   */
  onTokenEvent(event: TokenEvent): Promise<void>;
}

export function createAssets(deps: AssetsDeps): Assets {
  const sync = createPermissionSync(deps);
  const broker = createBroker(deps);
  const dataSync = createDataSync(deps, broker);
  const campaigns = createCampaignActions(deps, broker);
  return {
    jobs: [...permissionSyncJobs(deps, sync), ...insightsSyncJobs(deps, dataSync)],
    campaigns,
    syncProfile: async (profileId) => (await sync.syncProfile(profileId)).summary,
    revokeProfile: async (profileId) => {
      await sync.revoke(profileId);
    },
    syncAll: () => sync.syncAll(),
    syncData: () => dataSync.run(),
    broker,
    assertCanManage: campaigns.assertCanManage,
    async onTokenEvent(event) {
      try {
        if (event.type === 'connected' || event.type === 'reconnected') await sync.syncProfile(event.metaUser.id);
        else if (event.type === 'status_changed' && event.to !== 'active') await sync.revoke(event.metaUser.id);
        else if (event.type === 'status_changed' && event.to === 'active') await sync.syncProfile(event.metaUser.id);
      } catch (error) {
        deps.logger.error({ err: error, event: event.type, metaUser: event.metaUser.id }, 'assets: token event handling failed');
      }
    },
  };
}
