import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { AssetType } from '../db/schema-assets.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import type { Verifier } from '../tokens/verification.ts';
import type { ProfileTokenCache } from '../tokens/token-cache.ts';
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Vault } from '../vault/vault.ts';

export interface AssetsDeps {
  db: Db;
  vault: Vault;
  graph: GraphClient;
  clock: Clock;
  logger: Logger;
  verifier: Verifier;
  /**
   * When given, the broker answers from memory: who reaches an asset (kept until a commit touching
   * the workspace's profiles or assets is heard), and the profiles' sealed tokens.
   */
  changes?: ChangeFeed;
  profiles?: ProfileTokenCache;
  /**
   * The queue, or a getter of it: the queue exists only once these jobs are declared, so the
   * composition root passes a getter that throws if used earlier. Without it the scheduled
   * permission sync runs every token inline.
   */
  queue?: Pick<JobQueue, 'send' | 'insert'> | (() => Pick<JobQueue, 'send' | 'insert'>);
  /** Cron of the permission-sync sweep. Default twice a day: '0 *\/12 * * *'. */
  cron?: string;
  /** Cron of the insights/campaign data sync. Default hourly: '0 * * * *'. */
  insightsCron?: string;
  /** The time zone the crons are read in (the fan-out spreads jobs over the cron's period). */
  scheduleTimeZone?: string;
  /** Days of daily insights fetched per run, today included. Default 7. */
  insightsDays?: number;
  /** Profiles synced at once by "run now", and ad accounts at once by the data sync. Default 8. */
  syncConcurrency?: number;
  /** The scheduled run spreads the per-token jobs over this many seconds. Default 11 hours. */
  spreadSeconds?: number;
}

export function queueOf(deps: Pick<AssetsDeps, 'queue'>): Pick<JobQueue, 'send' | 'insert'> | undefined {
  return typeof deps.queue === 'function' ? deps.queue() : deps.queue;
}

export interface ChangeCount {
  added: number;
  removed: number;
  changed: number;
}

/** What a permission sync did. Counts are permission rows (pixel links for pixelLinks). */
export interface PermissionSyncSummary {
  /** Active profiles whose token was synced (or, for a scheduled run, whose job was enqueued). */
  tokens: number;
  adAccounts: ChangeCount;
  pages: ChangeCount;
  pixels: ChangeCount;
  catalogs: ChangeCount;
  pixelLinks: { added: number; removed: number };
  /** Tokens whose sync failed this time (throttled, transient, 190…); the others were synced. */
  failedTokens: number;
  /** Profiles not Active whose permissions were dropped by this run. */
  revokedTokens: number;
  /** Rows inserted, updated or deleted in the database by this run. */
  rowsWritten: number;
  failures: Array<{ profileId: string; category: string; message: string }>;
  /** Scheduled run only: per-token jobs enqueued (spread over the window). */
  enqueued?: number;
}

const zero = (): ChangeCount => ({ added: 0, removed: 0, changed: 0 });

export function emptySummary(): PermissionSyncSummary {
  return {
    tokens: 0,
    adAccounts: zero(),
    pages: zero(),
    pixels: zero(),
    catalogs: zero(),
    pixelLinks: { added: 0, removed: 0 },
    failedTokens: 0,
    revokedTokens: 0,
    rowsWritten: 0,
    failures: [],
  };
}

const KEY: Record<AssetType, 'adAccounts' | 'pages' | 'pixels' | 'catalogs'> = { ad_account: 'adAccounts', page: 'pages', pixel: 'pixels', catalog: 'catalogs' };
export const countsOf = (summary: PermissionSyncSummary, type: AssetType): ChangeCount => summary[KEY[type]];

// A run over thousands of failing tokens keeps the first ones; the count stays exact.
const MAX_FAILURES_LISTED = 50;

export function mergeSummary(into: PermissionSyncSummary, from: PermissionSyncSummary): void {
  into.tokens += from.tokens;
  for (const key of ['adAccounts', 'pages', 'pixels', 'catalogs'] as const) {
    into[key].added += from[key].added;
    into[key].removed += from[key].removed;
    into[key].changed += from[key].changed;
  }
  into.pixelLinks.added += from.pixelLinks.added;
  into.pixelLinks.removed += from.pixelLinks.removed;
  into.failedTokens += from.failedTokens;
  into.revokedTokens += from.revokedTokens;
  into.rowsWritten += from.rowsWritten;
  for (const failure of from.failures) if (into.failures.length < MAX_FAILURES_LISTED) into.failures.push(failure);
}
