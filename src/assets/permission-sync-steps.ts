/**
 * The steps of one profile's permission sync, each on its own so each can be tested alone:
 *   plan  — which ad accounts' pixels this profile reads itself, takes from another profile of
 *           the run, or takes from the stored links (pure);
 *   read  — the `adspixels` calls, the pixels stored as assets, and the answers of the run's other
 *           profiles (Graph, and the idempotent asset upsert other profiles wait for);
 *   apply — the permission diff and the pixel links, in the caller's transaction.
 * The plan needs the ad accounts' row ids, so it is made once the profile's lists are stored
 * (permission-sync.ts); row ids, not Meta ids, because each workspace stores its own copy.
 */
import type { AssetType } from '../db/schema-assets.ts';
import type { Db } from '../db/database.ts';
import type { GraphHelpers } from '../meta/helpers.ts';
import { getMetaUser } from '../tokens/tokens.queries.ts';
import {
  applyPermissionDiff, clearLapses, linkedPixels, lockProfile, profilePermissions, replacePixelLinks, type PermissionDiff, type PermissionRow,
} from './assets.queries.ts';
import { fetchAdAccountPixels, type Discovery, type FoundAsset } from './discovery.ts';

/**
 * Ad account row id → its pixels' row ids as read in this run (undefined: not readable; null:
 * the profile reading it failed, so each profile waiting on it reads it itself).
 */
export type SharedPixels = Map<string, Promise<string[] | undefined | null>>;

/** Where one ad account's pixels come from for this profile. */
export type PixelSource = 'read' | 'run' | 'stored';

export interface PlannedAccount {
  metaId: string;
  rowId: string;
  source: PixelSource;
}

/**
 * In a run (`shared` given) the first profile reaching an account reads it and the others take
 * its answer; alone (a per-token job), the profile leaves the accounts an earlier holder has
 * (`earlierHolder`, from the database) to that holder and uses their stored links.
 * Keeps the order of `accounts`.
 */
export function planPixelReads(accounts: ReadonlyMap<string, string>, shared: Pick<SharedPixels, 'has'> | undefined, earlierHolder: ReadonlySet<string>): PlannedAccount[] {
  return [...accounts].map(([metaId, rowId]): PlannedAccount => {
    if (shared) return { metaId, rowId, source: shared.has(rowId) ? 'run' : 'read' };
    return { metaId, rowId, source: earlierHolder.has(rowId) ? 'stored' : 'read' };
  });
}

export interface PixelReadDeps {
  graph: Pick<GraphHelpers, 'adAccountPixels'>;
  token: string;
  concurrency: number;
  /** Stores pixels as assets (idempotent) and returns their row ids by Meta id. */
  storePixels(pixels: Map<string, FoundAsset>): Promise<Map<string, string>>;
}

export interface PixelLink {
  adAccountId: string;
  pixelIds: string[];
}

export interface PixelReading {
  /** Row ids of the pixels the profile's Business Managers own. */
  ownedPixels: string[];
  /** Accounts whose pixels were read: their links are replaced by these. */
  links: PixelLink[];
  /** Pixels of accounts another profile of the run read. */
  sharedPixels: string[];
  /** Accounts whose stored links stand (refused to this token, or kept by an earlier holder). */
  fromDb: string[];
}

const asPixel = (p: { id: string; name?: string }): FoundAsset => ({ metaId: p.id, name: p.name ?? '', businessMetaId: null, tasks: [] });
const isDefined = (id: string | undefined): id is string => id !== undefined;

/** Reads the accounts' pixels, stores them with `alsoStore`, and maps each account row id to their row ids. */
async function readAndStore(deps: PixelReadDeps, accounts: readonly PlannedAccount[], alsoStore: ReadonlyMap<string, FoundAsset>) {
  const rowOf = new Map(accounts.map((a) => [a.metaId, a.rowId]));
  const read = await fetchAdAccountPixels(deps.graph, deps.token, accounts.map((a) => a.metaId), deps.concurrency);
  const pixels = new Map(alsoStore);
  for (const list of read.values()) for (const p of list ?? []) if (!pixels.has(p.id)) pixels.set(p.id, asPixel(p));
  const pixelIds = await deps.storePixels(pixels);
  // In the order the calls answered; undefined for an account whose edge refused this token.
  const byAccount = new Map<string, string[] | undefined>();
  for (const [actId, list] of read) byAccount.set(rowOf.get(actId) as string, list?.map((p) => pixelIds.get(p.id)).filter(isDefined));
  return { pixelIds, byAccount };
}

/**
 * The pixels of the planned accounts. The accounts planned 'read' go into `shared` before the
 * first await, as the promise of this profile's own read, so the plan must be made in the same
 * turn (no await between `planPixelReads` and this call). A failure of that read rejects here and
 * leaves null for the others, who then read those accounts themselves.
 */
export async function readPixels(deps: PixelReadDeps, plan: readonly PlannedAccount[], ownedPixels: ReadonlyMap<string, FoundAsset>, shared?: SharedPixels): Promise<PixelReading> {
  const mine = plan.filter((a) => a.source === 'read');
  // BM-owned pixels (with their owner) and those the accounts use, stored together.
  const own = readAndStore(deps, mine, ownedPixels);
  for (const { rowId } of mine) shared?.set(rowId, own.then((r) => r.byAccount.get(rowId), () => null));
  const { pixelIds, byAccount } = await own;

  const reading: PixelReading = { ownedPixels: [...ownedPixels.keys()].map((metaId) => pixelIds.get(metaId)).filter(isDefined), links: [], sharedPixels: [], fromDb: [] };
  for (const [adAccountId, ids] of byAccount) if (ids) reading.links.push({ adAccountId, pixelIds: ids });
  const readHere = new Set(reading.links.map((link) => link.adAccountId));
  const readAgain: PlannedAccount[] = [];
  for (const account of plan) {
    if (readHere.has(account.rowId)) continue;
    const answer = account.source === 'stored' ? undefined : await shared?.get(account.rowId);
    if (answer === null) readAgain.push(account);
    else if (answer) reading.sharedPixels.push(...answer);
    else reading.fromDb.push(account.rowId);
  }
  // The profile reading those failed: stored links would miss pixels never linked yet, and a
  // retry of that profile alone would not give them to this one.
  if (readAgain.length > 0) {
    const again = await readAndStore(deps, readAgain, new Map());
    for (const [adAccountId, ids] of again.byAccount) {
      if (ids) reading.links.push({ adAccountId, pixelIds: ids });
      else reading.fromDb.push(adAccountId);
    }
  }
  return reading;
}

/** What the profile was read to reach: its lists (row ids by Meta id) and its pixels. */
export interface ProfileReading extends PixelReading {
  found: Pick<Discovery, 'adAccounts' | 'pages'>;
  accounts: ReadonlyMap<string, string>;
  pages: ReadonlyMap<string, string>;
  catalogs: ReadonlyMap<string, string>;
}

export const keyOf = (type: AssetType, id: string) => `${type}:${id}`;
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

/** The permission rows the reading gives the profile; `storedPixels`: the stored links of `fromDb`. */
export function desiredPermissions(reading: ProfileReading, storedPixels: readonly string[]): Map<string, PermissionRow> {
  const desired = new Map<string, PermissionRow>();
  const want = (type: AssetType, assetId: string, tasks: string[] = []) => desired.set(keyOf(type, assetId), { assetType: type, assetId, tasks });
  for (const [metaId, id] of reading.accounts) want('ad_account', id, reading.found.adAccounts.get(metaId)?.tasks);
  for (const [metaId, id] of reading.pages) want('page', id, reading.found.pages.get(metaId)?.tasks);
  for (const id of reading.catalogs.values()) want('catalog', id);
  for (const id of reading.ownedPixels) want('pixel', id);
  for (const link of reading.links) for (const id of link.pixelIds) want('pixel', id);
  for (const id of reading.sharedPixels) want('pixel', id);
  for (const id of storedPixels) want('pixel', id);
  return desired;
}

export interface Applied {
  diff: PermissionDiff;
  linkCounts: { added: number; removed: number };
  /** Rows written: permissions, lapses cleared, links added and removed. */
  written: number;
}

/**
 * Applies the reading to the profile, in `trx` (a transaction the caller holds). Undefined when the
 * profile is no longer Active: verified invalid meanwhile (another worker), it must not get
 * permissions back.
 */
export async function applyReading(trx: Db, profileId: string, reading: ProfileReading, at: Date): Promise<Applied | undefined> {
  await lockProfile(trx, profileId);
  const current = await getMetaUser(trx, profileId);
  if (!current || current.status !== 'active') return undefined;
  const linkCounts = await replacePixelLinks(trx, reading.links);
  const desired = desiredPermissions(reading, await linkedPixels(trx, reading.fromDb));
  const diff = diffPermissions(await profilePermissions(trx, profileId), desired);
  const written = await applyPermissionDiff(trx, profileId, diff, at);
  const lapses = await clearLapses(trx, profileId);
  return { diff, linkCounts, written: written + lapses + linkCounts.added + linkCounts.removed };
}
