/**
 * Data sync of ad accounts: daily account-level insights for the last N days and the campaign
 * list, with the token the broker picks for `ads_read`. An account no healthy token may read is
 * skipped with the reason recorded (`last_sync_error`); its stored rows are left as they are.
 */
import { GraphError } from '../meta/graph-error.ts';
import { TokenUnavailableError } from '../tokens/token-access.ts';
import { decide, type Broker } from './broker.ts';
import { listAdAccounts, markSynced, recordSyncErrors, upsertCampaigns, upsertInsights, type AdAccountRow } from './data.queries.ts';
import type { SyncError } from '../db/schema-assets.ts';
import { forEachLimit } from '../concurrency.ts';
import { reachersByAsset, type Reacher } from './reach.queries.ts';
import type { AssetsDeps } from './types.ts';

export interface DataSyncSummary {
  adAccounts: number;
  synced: number;
  /** Accounts no healthy token may read, by reason. */
  skipped: Record<TokenUnavailableError['reason'], number>;
  /** Accounts whose Graph calls failed this time (throttled, transient…). */
  failed: number;
  insightRowsWritten: number;
  campaignsWritten: number;
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createDataSync(deps: AssetsDeps, broker: Broker) {
  const { db, graph, logger } = deps;
  const days = Math.max(1, deps.insightsDays ?? 7);

  async function run(): Promise<DataSyncSummary> {
    const nowMs = deps.clock.now();
    const at = new Date(nowMs);
    const range = { since: isoDate(nowMs - (days - 1) * DAY_MS), until: isoDate(nowMs) };
    const summary: DataSyncSummary = {
      adAccounts: 0,
      synced: 0,
      skipped: { token_expired: 0, token_inactive: 0, no_permission: 0, scope_declined: 0 },
      failed: 0,
      insightRowsWritten: 0,
      campaignsWritten: 0,
    };
    const accounts = await listAdAccounts(db);
    summary.adAccounts = accounts.length;
    const reach = new Map<string, Map<string, Reacher[]>>();
    for (const workspaceId of new Set(accounts.map((a) => a.workspaceId))) reach.set(workspaceId, await reachersByAsset(db, workspaceId, 'ad_account'));
    const errors: Array<{ adAccountId: string; error: SyncError }> = [];

    const skip = (account: AdAccountRow, reason: TokenUnavailableError['reason'], message: string) => {
      summary.skipped[reason] += 1;
      errors.push({ adAccountId: account.id, error: { code: 'token_unavailable', reason, message, at: at.toISOString() } });
    };

    await forEachLimit(accounts, deps.syncConcurrency ?? 8, async (account) => {
      const what = `ad account ${account.name || account.metaId} (${account.metaId})`;
      const decision = decide(reach.get(account.workspaceId)?.get(account.id) ?? [], 'ads_read', what);
      if (!decision.ok) return skip(account, decision.reason, decision.message);
      try {
        const data = await broker.runWithCandidates(decision.candidates, 'ads_read', what, async (token) => ({
          insights: await graph.insights(token, account.metaId, range),
          campaigns: await graph.campaigns(token, account.metaId),
        }));
        summary.insightRowsWritten += await upsertInsights(
          db,
          account.id,
          data.insights.map((row) => ({ date: row.date_start, spend: row.spend ?? '0', impressions: Number(row.impressions ?? 0), clicks: Number(row.clicks ?? 0) })),
          at,
        );
        summary.campaignsWritten += await upsertCampaigns(
          db,
          account.id,
          data.campaigns.map((c) => ({ metaId: c.id, name: c.name ?? '', status: c.status ?? 'UNKNOWN', effectiveStatus: c.effective_status ?? null })),
          at,
        );
        await markSynced(db, account.id, at);
        summary.synced += 1;
      } catch (error) {
        if (error instanceof TokenUnavailableError) return skip(account, error.reason, error.message);
        summary.failed += 1;
        const category = error instanceof GraphError ? error.classification.category : 'internal';
        logger.warn({ adAccount: account.id, category, err: error }, 'data sync of one ad account failed; the others go on');
        errors.push({ adAccountId: account.id, error: { code: error instanceof GraphError ? 'graph_error' : 'internal_error', category, message: error instanceof Error ? error.message : String(error), at: at.toISOString() } });
      }
    });
    await recordSyncErrors(db, errors);
    return summary;
  }

  return { run };
}
