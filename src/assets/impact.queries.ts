/**
 * SQL of what a broken token stops: for profiles that are not Active, how many ad accounts they
 * reached when they stopped, and how many of those no other healthy token may read (their data
 * sync stopped). "Healthy" is the broker's: an Active profile reaching the account (a permission,
 * or one lapsed with a token reconnected since) granted a scope that covers `ads_read`.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { scopesCovering } from './broker.ts';

export interface AdAccountImpact {
  /** Ad accounts the profile reached when its token stopped. */
  adAccounts: number;
  /** Of those, the ones no other healthy token may read: their sync stopped. */
  uncovered: number;
}

export async function adAccountImpactOf(db: Db, profileIds: readonly string[]): Promise<Map<string, AdAccountImpact>> {
  const out = new Map<string, AdAccountImpact>();
  if (profileIds.length === 0) return out;
  const readScopes = sql.join(scopesCovering('ads_read').map((scope) => sql`${scope}`));
  const profiles = sql`any(array(select value::uuid from jsonb_array_elements_text(${JSON.stringify(profileIds)}::jsonb)))`;
  const result = await sql<{ profile_id: string; ad_accounts: number; uncovered: number }>`
    select r.profile_id, count(*)::int as ad_accounts,
      (count(*) filter (where not exists (
        select 1 from (
          select profile_id from asset_permissions where asset_type = 'ad_account' and asset_id = r.asset_id
          union all
          select profile_id from asset_permission_lapses where asset_type = 'ad_account' and asset_id = r.asset_id) o
        join meta_users m on m.id = o.profile_id
        where m.id <> r.profile_id and m.status = 'active' and m.granted_scopes ?| array[${readScopes}]::text[])))::int as uncovered
    from (
      select profile_id, asset_id from asset_permissions where asset_type = 'ad_account' and profile_id = ${profiles}
      union
      select profile_id, asset_id from asset_permission_lapses where asset_type = 'ad_account' and profile_id = ${profiles}) r
    group by r.profile_id`.execute(db);
  for (const row of result.rows) out.set(row.profile_id, { adAccounts: Number(row.ad_accounts), uncovered: Number(row.uncovered) });
  return out;
}
