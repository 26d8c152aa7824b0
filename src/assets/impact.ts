/**
 * What a profile reaches, and for each asset whether another healthy profile still covers it and
 * what stopped with this profile's token: the profile page's answer to "what does this broken
 * token stop?". Decided by the broker's own `decide`, over everyone reaching the asset but this
 * profile, so the page says exactly what a sync, a launch or a campaign action would meet.
 */
import type { Db } from '../db/database.ts';
import type { AssetType } from '../db/schema-assets.ts';
import { decide, type Purpose } from './broker.ts';
import { pageProfileAssets, type ProfileAssetRow } from './lists.queries.ts';
import { reachersOfAssets, type Reacher } from './reach.queries.ts';
import { USE_PURPOSE } from './views.ts';

/** What stops for an asset when no other healthy token may do it: an ad account's data sync, its launches and campaign actions; another asset's use. */
export const STOPS = ['sync', 'launches', 'campaign_actions', 'use'] as const;
export type Stop = (typeof STOPS)[number];

export interface ProfileAssetView extends ProfileAssetRow {
  /** Another Active profile that may still use it (the broker's first choice), or null. */
  coveredBy: { id: string; name: string } | null;
  /** What stopped with this profile's token; empty while the profile is Active. */
  stops: Stop[];
}

const purposeOf = (type: AssetType): Purpose => (type === 'ad_account' ? 'ads_read' : USE_PURPOSE[type]);

export function impactOf(type: AssetType, others: readonly Reacher[], profileActive: boolean): Pick<ProfileAssetView, 'coveredBy' | 'stops'> {
  const use = decide(others, purposeOf(type));
  const first = use.ok ? use.candidates[0] : undefined;
  const coveredBy = first ? { id: first.profileId, name: first.name } : null;
  if (profileActive) return { coveredBy, stops: [] };
  if (type !== 'ad_account') return { coveredBy, stops: use.ok ? [] : ['use'] };
  const stops: Stop[] = use.ok ? [] : ['sync'];
  if (!decide(others, 'ads_management').ok) stops.push('launches', 'campaign_actions');
  return { coveredBy, stops };
}

/** One page of what the profile reaches (see pageProfileAssets), each with its cover and what stopped. */
export async function profileAssetPage(
  db: Db,
  profile: { id: string; workspaceId: string; status: 'active' | 'inactive' | 'expired' },
  filter: Parameters<typeof pageProfileAssets>[2],
): Promise<ProfileAssetView[]> {
  const rows = await pageProfileAssets(db, profile.id, filter);
  const reach = new Map<string, Reacher[]>();
  for (const type of new Set(rows.map((row) => row.type))) {
    const byAsset = await reachersOfAssets(db, profile.workspaceId, type, rows.filter((row) => row.type === type).map((row) => row.id));
    for (const [assetId, reachers] of byAsset) reach.set(`${type}:${assetId}`, reachers);
  }
  return rows.map((row) => {
    const others = (reach.get(`${row.type}:${row.id}`) ?? []).filter((r) => r.profileId !== profile.id);
    return { ...row, ...impactOf(row.type, others, profile.status === 'active') };
  });
}
