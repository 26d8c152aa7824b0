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
import {
  accountsWithEarlierHolder, activeProfileIds, applyPermissionDiff, clearLapses, linkedPixels, lockProfile, profilePermissions,
  replacePixelLinks, revokeNotActive, upsertAssets, type PermissionDiff, type PermissionRow, type RevokedRow,
} from './assets.queries.ts';
import { discover, fetchAdAccountPixels, type Discovery, type FoundAsset } from './discovery.ts';
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
  pixels?: Map<string, Promise<string[] | undefined | null>>;
}

export interface ProfileOutcome {
  summary: PermissionSyncSummary;
  /** Set when the token's sync failed; `retryable` when trying later may work (throttled, 5xx…). */
  error?: unknown;
  retryable?: boolean;
}

interface Deferred {
  resolve(value: string[] | undefined | null): void;
}

const keyOf = (type: AssetType, id: string) => `${type}:${id}`;
const sameTasks = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((task, i) => task === [...b].sort()[i]);

export function diffPermissions(current: readonly PermissionRow[], desired: ReadonlyMap<string, PermissionRow>): PermissionDiff {
  const diff: PermissionDiff = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const row of current) {
    const key = keyOf(row.assetType, row.assetId);
    seen.add(key);
    const wanted = desired.get(key);
    if (!wanted) diff.removed.push(row);
    else if (!sameTasks(row.tasks, wanted.tasks)) diff.changed.push(wanted);
  }
  for (const [key, row] of desired) if (!seen.has(key)) diff.added.push(row);
  return diff;
}

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

  /** Which of the profile's ad accounts this sync reads the pixels of; the rest are read by someone else. */
  async function chooseAccountsToRead(profileId: string, accounts: Map<string, string>, run: SyncRun, owned: Map<string, Deferred>): Promise<string[]> {
    const mine: string[] = [];
    if (run.pixels) {
      for (const [metaId, rowId] of accounts) {
        if (run.pixels.has(rowId)) continue;
        let resolve!: Deferred['resolve'];
        run.pixels.set(rowId, new Promise((done) => (resolve = done)));
        owned.set(rowId, { resolve });
        mine.push(metaId);
      }
      return mine;
    }
    const elsewhere = await accountsWithEarlierHolder(db, profileId, [...accounts.values()]);
    for (const [metaId, rowId] of accounts) if (!elsewhere.has(rowId)) mine.push(metaId);
    return mine;
  }

  async function syncProfile(profileId: string, run: SyncRun = { id: randomUUID() }): Promise<ProfileOutcome> {
    const summary = emptySummary();
    const at = now();
    const owned = new Map<string, Deferred>();
    try {
      const plan = await withToken(deps, profileId, async (token, metaUser) => {
        const found = await discover(graph, token);
        const businesses = await syncBusinesses(metaUser, found.businesses);
        summary.rowsWritten += businesses.written;
        const upsert = async (type: AssetType, assets: Map<string, FoundAsset>) => {
          const items = [...assets.values()].map((a) => ({ metaId: a.metaId, name: a.name, businessId: a.businessMetaId ? (businesses.ids.get(a.businessMetaId) ?? null) : null }));
          const result = await upsertAssets(db, type, metaUser.workspaceId, items, at);
          summary.rowsWritten += result.written;
          return result.ids;
        };
        const accounts = await upsert('ad_account', found.adAccounts);
        const pages = await upsert('page', found.pages);
        const catalogs = await upsert('catalog', found.catalogs);

        const toRead = await chooseAccountsToRead(profileId, accounts, run, owned);
        const read = await fetchAdAccountPixels(graph, token, toRead, concurrency);
        // BM-owned pixels (with their owner) and those the accounts use, upserted together.
        const allPixels = new Map(found.pixels);
        for (const list of read.values()) for (const p of list ?? []) if (!allPixels.has(p.id)) allPixels.set(p.id, { metaId: p.id, name: p.name ?? '', businessMetaId: null, tasks: [] });
        const pixelIds = await upsert('pixel', allPixels);
        const ownedPixels = [...found.pixels.keys()].map((metaId) => pixelIds.get(metaId)).filter((id): id is string => id !== undefined);
        const links: Array<{ adAccountId: string; pixelIds: string[] }> = [];
        for (const [actId, list] of read) {
          const adAccountId = accounts.get(actId);
          if (adAccountId === undefined) continue;
          const ids = list?.map((p) => pixelIds.get(p.id)).filter((id): id is string => id !== undefined);
          owned.get(adAccountId)?.resolve(ids);
          owned.delete(adAccountId);
          if (ids) links.push({ adAccountId, pixelIds: ids });
        }
        // Pixels of accounts read by another profile of this run: their answer, once it is in.
        const sharedPixels: string[] = [];
        const fromDb: string[] = [];
        const readHere = new Set(links.map((link) => link.adAccountId));
        const readAgain: string[] = [];
        for (const [actId, rowId] of accounts) {
          if (readHere.has(rowId)) continue;
          const shared = run.pixels ? await run.pixels.get(rowId) : undefined;
          if (shared === null) readAgain.push(actId);
          else if (shared) sharedPixels.push(...shared);
          else fromDb.push(rowId);
        }
        // The profile reading those failed: stored links would miss pixels never linked yet, and
        // a retry of that profile alone would not give them to this one.
        if (readAgain.length > 0) {
          const again = await fetchAdAccountPixels(graph, token, readAgain, concurrency);
          const seen = new Map<string, FoundAsset>();
          for (const list of again.values()) for (const p of list ?? []) seen.set(p.id, { metaId: p.id, name: p.name ?? '', businessMetaId: null, tasks: [] });
          const seenIds = await upsert('pixel', seen);
          for (const [actId, list] of again) {
            const adAccountId = accounts.get(actId) as string;
            if (list) links.push({ adAccountId, pixelIds: list.map((p) => seenIds.get(p.id)).filter((id): id is string => id !== undefined) });
            else fromDb.push(adAccountId);
          }
        }
        return { found, accounts, pages, catalogs, ownedPixels, links, sharedPixels, fromDb };
      });

      const applied = await db.transaction().execute(async (trx) => {
        await lockProfile(trx, profileId);
        // Verified invalid meanwhile (another worker): it must not get permissions back.
        const current = await getMetaUser(trx, profileId);
        if (!current || current.status !== 'active') return undefined;
        const linkCounts = await replacePixelLinks(trx, plan.links);
        const desired = new Map<string, PermissionRow>();
        const want = (type: AssetType, assetId: string, tasks: string[] = []) => desired.set(keyOf(type, assetId), { assetType: type, assetId, tasks });
        for (const [metaId, id] of plan.accounts) want('ad_account', id, plan.found.adAccounts.get(metaId)?.tasks);
        for (const [metaId, id] of plan.pages) want('page', id, plan.found.pages.get(metaId)?.tasks);
        for (const id of plan.catalogs.values()) want('catalog', id);
        for (const id of plan.ownedPixels) want('pixel', id);
        for (const link of plan.links) for (const id of link.pixelIds) want('pixel', id);
        for (const id of plan.sharedPixels) want('pixel', id);
        for (const id of await linkedPixels(trx, plan.fromDb)) want('pixel', id);
        const diff = diffPermissions(await profilePermissions(trx, profileId), desired);
        const written = await applyPermissionDiff(trx, profileId, diff, at);
        const lapses = await clearLapses(trx, profileId);
        return { diff, linkCounts, written: written + lapses + linkCounts.added + linkCounts.removed };
      });
      if (!applied) return { summary: mergedWith(summary, await revoke(profileId)) };
      summary.tokens = 1;
      for (const row of applied.diff.added) countsOf(summary, row.assetType).added += 1;
      for (const row of applied.diff.removed) countsOf(summary, row.assetType).removed += 1;
      for (const row of applied.diff.changed) countsOf(summary, row.assetType).changed += 1;
      summary.pixelLinks.added += applied.linkCounts.added;
      summary.pixelLinks.removed += applied.linkCounts.removed;
      summary.rowsWritten += applied.written;
      if (plan.found.deniedEdges.length > 0) logger.debug({ metaUser: profileId, edges: plan.found.deniedEdges }, 'edges refused to this token');
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
    } finally {
      // Profiles waiting on accounts this one was to read (and failed to) read them themselves.
      for (const deferred of owned.values()) deferred.resolve(null);
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
