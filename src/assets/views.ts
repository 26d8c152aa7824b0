/**
 * What the asset API answers, built from a few set queries per list (a workspace may hold 20,000
 * ad accounts): the assets, everyone reaching them, and the broker's own decision function, so
 * `canSync`/`canManage`/`blockedReason` are exactly what a sync or an action would meet.
 */
import type { Db } from '../db/database.ts';
import type { AssetType, SyncError } from '../db/schema-assets.ts';
import { decide, type BlockedReason, type Purpose } from './broker.ts';
import { listAdAccounts, listAssets, pixelAccountLinks, profileAssets, type AdAccountRow, type AssetRow } from './data.queries.ts';
import { reachersByAsset, reachersOf, type Reacher } from './reach.queries.ts';

export interface AdAccountView {
  id: string;
  metaId: string;
  name: string;
  businessId: string | null;
  businessMetaId: string | null;
  businessName: string | null;
  /** Profiles holding a permission on it now. */
  profileIds: string[];
  /** Profiles that reached it until their token stopped being Active (the ones to reconnect). */
  lapsedProfileIds: string[];
  /** A healthy token may read its data (insights sync runs). */
  canSync: boolean;
  /** A healthy token may change it (campaign actions, launches). */
  canManage: boolean;
  blockedReason: BlockedReason | null;
  lastSyncedAt: string | null;
  lastSyncError: SyncError | null;
}

export interface AssetView {
  id: string;
  metaId: string;
  name: string;
  businessId: string | null;
  businessMetaId: string | null;
  businessName: string | null;
  profileIds: string[];
  lapsedProfileIds: string[];
  blockedReason: BlockedReason | null;
}

/** The purpose that makes each kind of asset usable at all, for its `blockedReason`. */
const USE_PURPOSE: Record<Exclude<AssetType, 'ad_account'>, Purpose> = {
  page: 'pages_show_list',
  pixel: 'ads_read',
  catalog: 'catalog_management',
};

function holders(reachers: readonly Reacher[]): { profileIds: string[]; lapsedProfileIds: string[] } {
  const live = [...new Set(reachers.filter((r) => r.live).map((r) => r.profileId))];
  const lapsed = [...new Set(reachers.filter((r) => !r.live && !live.includes(r.profileId)).map((r) => r.profileId))];
  return { profileIds: live, lapsedProfileIds: lapsed };
}

function base(row: AssetRow, reachers: readonly Reacher[]) {
  return {
    id: row.id,
    metaId: row.metaId,
    name: row.name,
    businessId: row.businessId,
    businessMetaId: row.businessMetaId,
    businessName: row.businessName,
    ...holders(reachers),
  };
}

function toAdAccountView(account: AdAccountRow, reachers: readonly Reacher[]): AdAccountView {
  const read = decide(reachers, 'ads_read');
  const manage = decide(reachers, 'ads_management');
  return {
    ...base(account, reachers),
    canSync: read.ok,
    canManage: manage.ok,
    blockedReason: !read.ok ? read.reason : !manage.ok ? manage.reason : null,
    lastSyncedAt: account.lastSyncedAt ? account.lastSyncedAt.toISOString() : null,
    lastSyncError: account.lastSyncError,
  };
}

export async function adAccountViews(db: Db, workspaceId: string): Promise<AdAccountView[]> {
  const [accounts, reach] = [await listAdAccounts(db, { workspaceId }), await reachersByAsset(db, workspaceId, 'ad_account')];
  return accounts.map((account) => toAdAccountView(account, reach.get(account.id) ?? []));
}

/** One ad account of the workspace, or undefined (another workspace's id included). */
export async function adAccountView(db: Db, workspaceId: string, id: string): Promise<AdAccountView | undefined> {
  const [account] = await listAdAccounts(db, { workspaceId, id });
  return account ? toAdAccountView(account, await reachersOf(db, workspaceId, 'ad_account', account.id)) : undefined;
}

export async function assetViews(db: Db, workspaceId: string, type: Exclude<AssetType, 'ad_account'>): Promise<AssetView[]> {
  const [rows, reach] = [await listAssets(db, workspaceId, type), await reachersByAsset(db, workspaceId, type)];
  return rows.map((row) => {
    const reachers = reach.get(row.id) ?? [];
    const decision = decide(reachers, USE_PURPOSE[type]);
    return { ...base(row, reachers), blockedReason: decision.ok ? null : decision.reason };
  });
}

export async function pixelViews(db: Db, workspaceId: string): Promise<Array<AssetView & { adAccountIds: string[] }>> {
  const [views, links] = [await assetViews(db, workspaceId, 'pixel'), await pixelAccountLinks(db, workspaceId)];
  return views.map((view) => ({ ...view, adAccountIds: links.get(view.id) ?? [] }));
}

/** What one profile's token reaches now, by kind. */
export async function profileAssetViews(db: Db, profileId: string) {
  const strip = (list: Awaited<ReturnType<typeof profileAssets>>) => list.map(({ id, metaId, name }) => ({ id, metaId, name }));
  return {
    adAccounts: strip(await profileAssets(db, profileId, 'ad_account')),
    pages: await profileAssets(db, profileId, 'page'),
    pixels: strip(await profileAssets(db, profileId, 'pixel')),
    catalogs: strip(await profileAssets(db, profileId, 'catalog')),
  };
}
