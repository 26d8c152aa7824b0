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
import { reachersByAsset, reachersOf, type Reacher } from './reach.queries.ts';
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

const emptySummary = (): DataSyncSummary => ({
  adAccounts: 0,
  synced: 0,
  skipped: { token_expired: 0, token_inactive: 0, no_permission: 0, scope_declined: 0 },
  failed: 0,
  insightRowsWritten: 0,
  campaignsWritten: 0,
});

export function createDataSync(deps: AssetsDeps, broker: Broker) {
  const { db, graph, logger } = deps;
  const days = Math.max(1, deps.insightsDays ?? 7);

  /** One account, with who reaches it already known. Records why it was not synced in `errors`. */
  async function syncAccount(account: AdAccountRow, reachers: readonly Reacher[], summary: DataSyncSummary, errors: Array<{ adAccountId: string; error: SyncError }>): Promise<{ retryable: boolean } | undefined> {
    const nowMs = deps.clock.now();
    const at = new Date(nowMs);
    const range = { since: isoDate(nowMs - (days - 1) * DAY_MS), until: isoDate(nowMs) };
    const skip = (reason: TokenUnavailableError['reason'], message: string) => {
      summary.skipped[reason] += 1;
      errors.push({ adAccountId: account.id, error: { code: 'token_unavailable', reason, message, at: at.toISOString() } });
      return undefined;
    };
    const what = `ad account ${account.name || account.metaId} (${account.metaId})`;
    const decision = decide(reachers, 'ads_read', what);
    if (!decision.ok) return skip(decision.reason, decision.message);
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
      return undefined;
    } catch (error) {
      if (error instanceof TokenUnavailableError) return skip(error.reason, error.message);
      // One account failing (Meta, or our database for a moment) must not stop the others.
      summary.failed += 1;
      const graphError = error instanceof GraphError ? error : undefined;
      const category = graphError?.classification.category ?? 'internal';
      logger.warn({ adAccount: account.id, category, err: error }, 'data sync of one ad account failed; the others go on');
      errors.push({ adAccountId: account.id, error: { code: graphError ? 'graph_error' : 'internal_error', category, message: error instanceof Error ? error.message : String(error), at: at.toISOString() } });
      return { retryable: graphError ? graphError.classification.retry : true };
    }
  }

  /** Every ad account of every workspace, here and now ("run now"): the summary of all. */
  async function run(): Promise<DataSyncSummary> {
    const summary = emptySummary();
    const accounts = await listAdAccounts(db);
    summary.adAccounts = accounts.length;
    const reach = new Map<string, Map<string, Reacher[]>>();
    for (const workspaceId of new Set(accounts.map((a) => a.workspaceId))) reach.set(workspaceId, await reachersByAsset(db, workspaceId, 'ad_account'));
    const errors: Array<{ adAccountId: string; error: SyncError }> = [];
    await forEachLimit(accounts, deps.syncConcurrency ?? 8, async (account) => {
      await syncAccount(account, reach.get(account.workspaceId)?.get(account.id) ?? [], summary, errors);
    });
    await recordSyncErrors(db, errors);
    return summary;
  }

  /**
   * One ad account (the scheduled run's per-account job). Throttled or Meta down: `retryable`,
   * so the job is tried again later; the account's reason is recorded either way.
   */
  async function runOne(adAccountId: string): Promise<{ summary: DataSyncSummary; retryable: boolean }> {
    const summary = emptySummary();
    const [account] = await listAdAccounts(db, { id: adAccountId });
    if (!account) return { summary, retryable: false };
    summary.adAccounts = 1;
    const errors: Array<{ adAccountId: string; error: SyncError }> = [];
    const outcome = await syncAccount(account, await reachersOf(db, account.workspaceId, 'ad_account', account.id), summary, errors);
    await recordSyncErrors(db, errors);
    return { summary, retryable: outcome?.retryable ?? false };
  }

  return { run, runOne };
}
