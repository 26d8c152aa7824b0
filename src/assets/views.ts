/**
 * What the asset API answers, a page at a time (a workspace may hold 20,000 ad accounts): the
 * page's assets, everyone reaching them, and the broker's own decision function, so
 * `canSync`/`canManage`/`blockedReason` are exactly what a sync or an action would meet.
 */
import type { Db } from '../db/database.ts';
import type { AssetType, SyncError } from '../db/schema-assets.ts';
import { decide, scopesCovering, type BlockedReason, type Purpose } from './broker.ts';
import { listAdAccounts, type AdAccountRow, type AssetRow } from './data.queries.ts';
import { pageAssetRows, pixelLinksOf, type AssetListFilter } from './lists.queries.ts';
import { reachersOf, reachersOfAssets, type Reacher } from './reach.queries.ts';

export interface AssetView extends AssetRow {
  /** Profiles holding a permission on it now. */
  profileIds: string[];
  /** Profiles that reached it until their token stopped being Active (the ones to reconnect). */
  lapsedProfileIds: string[];
  blockedReason: BlockedReason | null;
}

export interface AdAccountView extends AssetView {
  /** A healthy token may read its data (insights sync runs). */
  canSync: boolean;
  /** A healthy token may change it (campaign actions, launches). */
  canManage: boolean;
  lastSyncedAt: string | null;
  lastSyncError: SyncError | null;
  /** ISO 4217, as Meta's ad account says it; null until discovery read it. */
  currency: string | null;
}

/** The purpose that makes each kind of asset usable at all, for its `blockedReason`. */
export const USE_PURPOSE: Record<Exclude<AssetType, 'ad_account'>, Purpose> = {
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

function toAdAccountView(account: AssetRow & Pick<AdAccountRow, 'lastSyncedAt' | 'lastSyncError' | 'currency'>, reachers: readonly Reacher[]): AdAccountView {
  const read = decide(reachers, 'ads_read');
  const manage = decide(reachers, 'ads_management');
  return {
    ...base(account, reachers),
    canSync: read.ok,
    canManage: manage.ok,
    blockedReason: !read.ok ? read.reason : !manage.ok ? manage.reason : null,
    lastSyncedAt: account.lastSyncedAt ? account.lastSyncedAt.toISOString() : null,
    lastSyncError: account.lastSyncError,
    currency: account.currency,
  };
}

/** One page of a list: the rows first, then who reaches those rows only. */
export async function adAccountPage(db: Db, filter: AssetListFilter): Promise<AdAccountView[]> {
  const rows = await pageAssetRows(db, 'ad_account', withPurposes(filter, 'ad_account'));
  const reach = await reachersOfAssets(db, filter.workspaceId, 'ad_account', rows.map((row) => row.id));
  return rows.map((row) => toAdAccountView(row, reach.get(row.id) ?? []));
}

/** One ad account of the workspace by our id, or undefined (another workspace's id included). */
export async function adAccountView(db: Db, workspaceId: string, id: string): Promise<AdAccountView | undefined> {
  const [account] = await listAdAccounts(db, { workspaceId, id });
  return account ? toAdAccountView(account, await reachersOf(db, workspaceId, 'ad_account', account.id)) : undefined;
}

export async function assetPage(db: Db, type: Exclude<AssetType, 'ad_account'>, filter: AssetListFilter): Promise<AssetView[]> {
  const rows = await pageAssetRows(db, type, withPurposes(filter, type));
  const reach = await reachersOfAssets(db, filter.workspaceId, type, rows.map((row) => row.id));
  return rows.map((row) => {
    const reachers = reach.get(row.id) ?? [];
    const decision = decide(reachers, USE_PURPOSE[type]);
    return { ...base(row, reachers), blockedReason: decision.ok ? null : decision.reason };
  });
}

export async function pixelPage(db: Db, filter: AssetListFilter): Promise<Array<AssetView & { adAccountIds: string[] }>> {
  const views = await assetPage(db, 'pixel', filter);
  const links = await pixelLinksOf(db, views.map((view) => view.id));
  return views.map((view) => ({ ...view, adAccountIds: links.get(view.id) ?? [] }));
}

/**
 * The purposes an asset must serve not to be blocked, as the views decide it: an ad account is
 * blocked when it cannot be read or cannot be managed (its `blockedReason` is set).
 */
function withPurposes(filter: AssetListFilter, type: AssetType): AssetListFilter {
  if (!filter.blocked) return filter;
  const purposes: Purpose[] = type === 'ad_account' ? ['ads_read', 'ads_management'] : [USE_PURPOSE[type]];
  return { ...filter, blocked: { value: filter.blocked.value, purposes: purposes.map(scopesCovering) } };
}
