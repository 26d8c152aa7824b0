/**
 * Who reaches an asset, for the broker and the asset lists: the profiles holding a permission on
 * it (`live`) and those whose permission lapsed when their token stopped being Active. Each
 * comes with what the broker needs to choose: status, token type, expiry and granted scopes.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AssetType } from '../db/schema-assets.ts';
import type { TokenStatus, TokenType } from '../db/schema.ts';
import { parseId } from '../ids.ts';
import { tableOf } from './assets.queries.ts';

export interface Reacher {
  profileId: string;
  name: string;
  status: TokenStatus;
  tokenType: TokenType;
  expiresAt: Date | null;
  grantedScopes: string[];
  /** true: a permission row; false: a permission that lapsed with the token. */
  live: boolean;
}

interface ReachRow {
  asset_id: string;
  profile_id: string;
  name: string;
  status: TokenStatus;
  token_type: TokenType;
  expires_at: Date | string | null;
  granted_scopes: string[] | string | null;
  live: boolean;
}

function toReacher(row: ReachRow): Reacher {
  const scopes = typeof row.granted_scopes === 'string' ? (JSON.parse(row.granted_scopes) as string[]) : (row.granted_scopes ?? []);
  return {
    profileId: row.profile_id,
    name: row.name,
    status: row.status,
    tokenType: row.token_type,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    grantedScopes: scopes,
    live: row.live,
  };
}

function reachQuery(workspaceId: string, type: AssetType, assetIds?: readonly string[]) {
  // `= any(array(…))` probes the asset index once per id (a page's worth), as assets.queries does.
  const one =
    assetIds === undefined
      ? sql`true`
      : assetIds.length === 1
        ? sql`r.asset_id = ${assetIds[0]}::uuid`
        : sql`r.asset_id = any(array(select value::uuid from jsonb_array_elements_text(${JSON.stringify(assetIds)}::jsonb)))`;
  return sql<ReachRow>`
    select r.asset_id, m.id as profile_id, m.name, m.status, m.token_type, m.expires_at, m.granted_scopes, r.live
    from (
      select profile_id, asset_id, true as live from asset_permissions where asset_type = ${type}
      union all
      select profile_id, asset_id, false as live from asset_permission_lapses where asset_type = ${type}
    ) r
    join meta_users m on m.id = r.profile_id
    where m.workspace_id = ${workspaceId}::uuid and ${one}`;
}

export async function reachersOf(db: Db, workspaceId: string, type: AssetType, assetId: string): Promise<Reacher[]> {
  const result = await reachQuery(workspaceId, type, [assetId]).execute(db);
  return result.rows.map(toReacher);
}

/** The reachers of the given assets (a page of a list), by asset id. */
export async function reachersOfAssets(db: Db, workspaceId: string, type: AssetType, assetIds: readonly string[]): Promise<Map<string, Reacher[]>> {
  if (assetIds.length === 0) return new Map();
  return groupByAsset((await reachQuery(workspaceId, type, assetIds).execute(db)).rows);
}

/** Every asset of a type in the workspace with its reachers, in one query (lists of 20,000). */
export async function reachersByAsset(db: Db, workspaceId: string, type: AssetType): Promise<Map<string, Reacher[]>> {
  return groupByAsset((await reachQuery(workspaceId, type).execute(db)).rows);
}

function groupByAsset(rows: readonly ReachRow[]): Map<string, Reacher[]> {
  const out = new Map<string, Reacher[]>();
  for (const row of rows) {
    const list = out.get(row.asset_id) ?? [];
    list.push(toReacher(row));
    out.set(row.asset_id, list);
  }
  return out;
}

export interface AssetIdentity {
  id: string;
  workspaceId: string;
  metaId: string;
  name: string;
}

/**
 * An asset of the workspace by our row id or by Meta's id (`act_123` and `123` both name an ad
 * account). Another workspace's asset is simply not found, and so is what is neither form.
 */
export async function resolveAsset(db: Db, workspaceId: string, type: AssetType, idOrMetaId: string): Promise<AssetIdentity | undefined> {
  const ref = parseId(idOrMetaId, type);
  if (!ref) return undefined;
  let query = db.selectFrom(tableOf(type)).select(['id', 'workspace_id', 'meta_id', 'name']).where('workspace_id', '=', workspaceId);
  query = 'ours' in ref ? query.where('id', '=', ref.ours) : query.where('meta_id', '=', ref.metaId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, workspaceId: row.workspace_id, metaId: row.meta_id, name: row.name } : undefined;
}
