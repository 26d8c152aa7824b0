import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';
import { toMetaUser, type MetaUser } from './tokens.queries.ts';

/**
 * Which profiles need someone to act: Expired or Inactive (nothing works until a reconnect), or
 * Active with a token Meta would not renew ("needs reconnect soon", the token_expiring notice).
 * The UI's canReconnect reads the same two facts from the view; this is the server's one copy.
 */
export interface AttentionScope {
  workspaceId: string;
  /** A member sees the profiles they connected; an admin (undefined) the whole workspace's. */
  connectedBy?: string | undefined;
}

function inScope(eb: ExpressionBuilder<Schema, 'meta_users'>, scope: AttentionScope) {
  const needsAction = eb.or([eb('status', 'in', ['expired', 'inactive']), eb.and([eb('status', '=', 'active'), eb('needs_reconnect', '=', true)])]);
  const conditions = [eb('workspace_id', '=', scope.workspaceId), needsAction];
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

/** One page of them by name, as the profile list is ordered (keyset on name, id). */
export async function pageAttention(db: Db, scope: AttentionScope & { after?: { name: string; id: string } | undefined; limit: number }): Promise<MetaUser[]> {
  const after = scope.after;
  let query = db.selectFrom('meta_users').selectAll().where((eb) => inScope(eb, scope));
  if (after) query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after.name, after.id)));
  return (await query.orderBy('name').orderBy('id').limit(scope.limit).execute()).map(toMetaUser);
}
