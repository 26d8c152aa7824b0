/**
 * Permission sync: what each Active token's lists say it reaches becomes its permission rows,
 * applied as a diff; profiles that are not Active lose theirs. Per profile: Graph calls first
 * (inside withToken, so a 190 starts the token check), assets upserted (idempotent, writing only
 * what changed), then one short transaction applies pixel links and the permission diff. No
 * Graph call ever runs inside a transaction (PGlite has one connection).
 */
import { randomUUID } from 'node:crypto';
import type { AssetType } from '../db/schema-assets.ts';
import { GraphError } from '../meta/graph-error.ts';
import { AppError } from '../errors.ts';
import { TokenUnavailableError, withToken } from '../tokens/token-access.ts';
import { businessesByMetaUser, getMetaUser, replaceProfileBusinesses, type MetaUser } from '../tokens/tokens.queries.ts';
import { accountsWithEarlierHolder, activeProfileIds, revokeNotActive, upsertAssets, type RevokedRow } from './assets.queries.ts';
import { discover, keepShared, type Discovery, type FoundAsset } from './discovery.ts';
import { applyReading, planPixelReads, readPixels, type ProfileReading, type SharedPixels } from './permission-sync-steps.ts';
import { forEachLimit } from '../concurrency.ts';
import { countsOf, emptySummary, mergeSummary, type AssetsDeps, type PermissionSyncSummary } from './types.ts';

/** One run of the sync. `pixels` is shared by the profiles synced in this process for the run. */
export interface SyncRun {
  id: string;
  /**
   * Ad account row id → its pixels' row ids as read in this run (undefined: not readable; null:
   * the profile reading it failed, so each waiting profile reads it itself). The first profile
   * reaching an account reads its adspixels; the others use that answer.
   */
  pixels?: SharedPixels;
}

export interface ProfileOutcome {
  summary: PermissionSyncSummary;
  /** Set when the token's sync failed; `retryable` when trying later may work (throttled, 5xx…). */
  error?: unknown;
  retryable?: boolean;
}

export { diffPermissions } from './permission-sync-steps.ts';

export function createPermissionSync(deps: AssetsDeps) {
  const { db, graph, logger } = deps;
  const now = () => new Date(deps.clock.now());
  const concurrency = deps.syncConcurrency ?? 8;

  function addRevoked(summary: PermissionSyncSummary, rows: RevokedRow[]): void {
    const profiles = new Set<string>();
    for (const row of rows) {
      countsOf(summary, row.assetType).removed += row.n;
      // Each row is deleted and kept as a lapse.
      summary.rowsWritten += row.n * 2;
      profiles.add(row.profileId);
    }
    summary.revokedTokens += profiles.size;
  }

  /** Drops the permission rows of one profile (or of all profiles) that are not Active. */
  async function revoke(profileId?: string): Promise<PermissionSyncSummary> {
    const summary = emptySummary();
    const rows = await db.transaction().execute((trx) => revokeNotActive(trx, now(), profileId));
    addRevoked(summary, rows);
    if (rows.length > 0) logger.info({ metaUser: profileId ?? 'all', removed: rows.reduce((n, row) => n + row.n, 0) }, 'permissions of tokens no longer Active dropped');
    return summary;
  }

  /** Keeps the profile's Business Manager list current, writing only when it changed. */
  async function syncBusinesses(metaUser: MetaUser, found: Discovery['businesses']): Promise<{ ids: Map<string, string>; written: number }> {
    const byProfile = async () => (await businessesByMetaUser(db, [metaUser.id])).get(metaUser.id) ?? [];
    let current = await byProfile();
    const same =
      current.length === found.length &&
      found.every((bm) => current.some((known) => known.metaBusinessId === bm.id && (known.name === bm.name || bm.name === '')));
    let written = 0;
    if (!same) {
      await replaceProfileBusinesses(db, metaUser.workspaceId, metaUser.id, found);
      current = await byProfile();
      // Each BM upserted and linked.
      written = found.length * 2;
    }
    return { ids: new Map(current.map((bm) => [bm.metaBusinessId, bm.id])), written };
  }

  /** Stores the assets the lists name (idempotent, writing only what changed); row ids by Meta id. */
  async function storeAssets(summary: PermissionSyncSummary, metaUser: MetaUser, businessIds: ReadonlyMap<string, string>, type: AssetType, assets: ReadonlyMap<string, FoundAsset>, at: Date): Promise<Map<string, string>> {
    const items = [...assets.values()].map((a) => ({ metaId: a.metaId, name: a.name, businessId: a.businessMetaId ? (businessIds.get(a.businessMetaId) ?? null) : null, currency: a.currency ?? null }));
    const result = await upsertAssets(db, type, metaUser.workspaceId, items, at);
    summary.rowsWritten += result.written;
    return result.ids;
  }

  /** Graph calls and asset upserts, inside withToken (a 190 starts the token check); no transaction. */
  async function readProfile(profileId: string, run: SyncRun, summary: PermissionSyncSummary, at: Date): Promise<ProfileReading & { found: Discovery }> {
    return withToken(deps, profileId, async (token, metaUser) => {
      // A business connection: only what the client business shares (debug_token's granular scopes).
      const found = metaUser.connection === 'business' ? keepShared(await discover(graph, token), (await graph.debugToken(token)).granular_scopes ?? []) : await discover(graph, token);
      const businesses = await syncBusinesses(metaUser, found.businesses);
      summary.rowsWritten += businesses.written;
      const store = (type: AssetType, assets: ReadonlyMap<string, FoundAsset>) => storeAssets(summary, metaUser, businesses.ids, type, assets, at);
      const accounts = await store('ad_account', found.adAccounts);
      const pages = await store('page', found.pages);
      const catalogs = await store('catalog', found.catalogs);
      // In a run the others' claims are in run.pixels; alone, the earlier holders are in the database.
      const earlierHolder = run.pixels ? new Set<string>() : await accountsWithEarlierHolder(db, profileId, [...accounts.values()]);
      // No await between the plan and readPixels: readPixels claims the plan's accounts in run.pixels.
      const plan = planPixelReads(accounts, run.pixels, earlierHolder);
      const pixels = await readPixels({ graph, token, concurrency, storePixels: (list) => store('pixel', list) }, plan, found.pixels, run.pixels);
      return { found, accounts, pages, catalogs, ...pixels };
    });
  }

  async function syncProfile(profileId: string, run: SyncRun = { id: randomUUID() }): Promise<ProfileOutcome> {
    const summary = emptySummary();
    const at = now();
    try {
      const reading = await readProfile(profileId, run, summary, at);
      const applied = await db.transaction().execute((trx) => applyReading(trx, profileId, reading, at));
      if (!applied) return { summary: mergedWith(summary, await revoke(profileId)) };
      summary.tokens = 1;
      for (const row of applied.diff.added) countsOf(summary, row.assetType).added += 1;
      for (const row of applied.diff.removed) countsOf(summary, row.assetType).removed += 1;
      for (const row of applied.diff.changed) countsOf(summary, row.assetType).changed += 1;
      summary.pixelLinks.added += applied.linkCounts.added;
      summary.pixelLinks.removed += applied.linkCounts.removed;
      summary.rowsWritten += applied.written;
      if (reading.found.deniedEdges.length > 0) logger.debug({ metaUser: profileId, edges: reading.found.deniedEdges }, 'edges refused to this token');
      return { summary };
    } catch (error) {
      // Not Active (any more): nothing to ask Meta, its permissions go.
      if (error instanceof TokenUnavailableError) return { summary: mergedWith(summary, await revoke(profileId)) };
      if (error instanceof AppError && error.code === 'not_found') return { summary };
      const category = error instanceof GraphError ? error.classification.category : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ metaUser: profileId, run: run.id, category, err: error }, 'permission sync of one token failed; the others go on');
      summary.failedTokens = 1;
      summary.failures.push({ profileId, category, message });
      // withToken has checked a 190/102: a token confirmed invalid loses its permissions now.
      const after = await getMetaUser(db, profileId);
      if (after && after.status !== 'active') mergeSummary(summary, await revoke(profileId));
      return { summary, error, retryable: !(error instanceof GraphError) || error.classification.retry };
    }
  }

  function mergedWith(summary: PermissionSyncSummary, other: PermissionSyncSummary): PermissionSyncSummary {
    mergeSummary(summary, other);
    return summary;
  }

  /** "Run now": every Active profile in this process, a few at once, and the summary of all. */
  async function syncAll(): Promise<PermissionSyncSummary> {
    const summary = await revoke();
    const run: SyncRun = { id: randomUUID(), pixels: new Map() };
    const ids = await activeProfileIds(db);
    await forEachLimit(ids, concurrency, async (id) => {
      const outcome = await syncProfile(id, run);
      mergeSummary(summary, outcome.summary);
    });
    return summary;
  }

  return { syncProfile, syncAll, revoke };
}

export type PermissionSync = ReturnType<typeof createPermissionSync>;
