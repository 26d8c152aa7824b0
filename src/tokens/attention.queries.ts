import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Schema, TokenStatus } from '../db/schema.ts';
import { toMetaUser, type MetaUser } from './tokens.queries.ts';

/**
 * Which profiles need someone to act, and in what order: Expired (0), Inactive (1), Active with a
 * token Meta would not renew (2, "needs reconnect soon", the token_expiring notice), a user token
 * with a declined permission (3, "grant missing permissions"), then the rest (4). The rank is
 * migration 016's `wevion_attention_rank`, the expression its index is on: the one definition,
 * read by the notice (`< 4`) and the "attention first" order of the Meta Users list. The UI's
 * canReconnect reads the same facts from the view.
 */
export const ATTENTION_RANKS = { expired: 0, inactive: 1, needsReconnect: 2, permissionDeclined: 3, rest: 4 } as const;

/** The rank of a `meta_users` row, exactly as the index has it (so the planner uses the index). */
export const attentionRank = sql<number>`wevion_attention_rank(status, needs_reconnect, token_type, declined_scopes)`;

export interface AttentionScope {
  workspaceId: string;
  /** A member sees the profiles they connected; an admin (undefined) the whole workspace's. */
  connectedBy?: string | undefined;
}

function inScope(eb: ExpressionBuilder<Schema, 'meta_users'>, scope: AttentionScope) {
  const conditions: Expression<SqlBool>[] = [eb('workspace_id', '=', scope.workspaceId), sql<SqlBool>`${attentionRank} < ${ATTENTION_RANKS.rest}`];
  if (scope.connectedBy !== undefined) conditions.push(eb('connected_by', '=', scope.connectedBy));
  return eb.and(conditions);
}

export async function countAttention(db: Db, scope: AttentionScope): Promise<number> {
  const row = await db
    .selectFrom('meta_users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where((eb) => inScope(eb, scope))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A keyset of the attention order: (rank, name, id). */
export interface AttentionKey {
  rank: number;
  name: string;
  id: string;
}

export type RankedMetaUser = MetaUser & { attentionRank: number };

/** One page of the profiles that need attention, most urgent first, each rank by name. */
export async function pageAttention(db: Db, scope: AttentionScope & { after?: AttentionKey | undefined; limit: number }): Promise<RankedMetaUser[]> {
  return pageByAttention(db, scope, (eb) => inScope(eb, scope));
}

/**
 * One page of a workspace's profiles, attention first (the Meta Users page's default order), with
 * the list's filters. Keyset on (rank, name, id), on migration 016's index.
 */
export async function pageMetaUsersByAttention(
  db: Db,
  filter: { workspaceId: string; status?: TokenStatus | undefined; q?: string | undefined; after?: AttentionKey | undefined; limit: number },
): Promise<RankedMetaUser[]> {
  return pageByAttention(db, filter, (eb) => {
    const conditions: Expression<SqlBool>[] = [eb('workspace_id', '=', filter.workspaceId)];
    if (filter.status) conditions.push(eb('status', '=', filter.status));
    if (filter.q !== undefined) conditions.push(sql<SqlBool>`strpos(lower(name), lower(${filter.q})) > 0`);
    return eb.and(conditions);
  });
}

async function pageByAttention(
  db: Db,
  page: { after?: AttentionKey | undefined; limit: number },
  where: (eb: ExpressionBuilder<Schema, 'meta_users'>) => Expression<SqlBool>,
): Promise<RankedMetaUser[]> {
  let query = db.selectFrom('meta_users').selectAll().select(attentionRank.as('attention_rank')).where(where);
  const after = page.after;
  if (after) query = query.where(sql<SqlBool>`(${attentionRank}, name, id) > (${after.rank}::int, ${after.name}, ${after.id}::uuid)`);
  const rows = await query.orderBy(attentionRank).orderBy('name').orderBy('id').limit(page.limit).execute();
  return rows.map(({ attention_rank, ...row }) => ({ ...toMetaUser(row), attentionRank: Number(attention_rank) }));
}
