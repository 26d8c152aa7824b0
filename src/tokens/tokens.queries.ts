import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Connection, EventDetails, MetaUsersTable, TokenStatus, TokenType } from '../db/schema.ts';
import type { IdRef } from '../ids.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';

export interface LastError {
  code: number | null;
  subcode: number | null;
  message: string;
  at: string;
  fbtraceId?: string | null;
  /** A cause Meta told us of (meta/token-causes.ts `SIGNALLED`), when code and subcode alone do not say it. */
  causeKey?: string | null;
}

export interface MetaUser {
  id: string;
  workspaceId: string;
  metaUserId: string;
  name: string;
  email: string | null;
  tokenType: TokenType;
  /** How it came to be: Connect Meta Account (`login`), Connect a business, or a pasted System User token. */
  connection: Connection;
  /** Connect a business: our id of the client business whose BISU token this is. */
  clientBusinessId: string | null;
  status: TokenStatus;
  secretId: string;
  tokenVersion: number;
  expiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  grantedScopes: string[];
  declinedScopes: string[];
  needsReconnect: boolean;
  lastError: LastError | null;
  connectedBy: string | null;
  incidentId: string | null;
  statusChangedAt: Date;
  lastRefreshedAt: Date | null;
  refreshFailedSince: Date | null;
  lastVerifiedAt: Date | null;
}

export function toMetaUser(row: Selectable<MetaUsersTable>): MetaUser {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    metaUserId: row.meta_user_id,
    name: row.name,
    email: row.email,
    tokenType: row.token_type,
    connection: row.connection,
    clientBusinessId: row.client_business_id,
    status: row.status,
    secretId: row.secret_id,
    tokenVersion: row.token_version,
    expiresAt: row.expires_at,
    dataAccessExpiresAt: row.data_access_expires_at,
    grantedScopes: row.granted_scopes ?? [],
    declinedScopes: row.declined_scopes ?? [],
    needsReconnect: row.needs_reconnect,
    lastError: row.last_error,
    connectedBy: row.connected_by,
    incidentId: row.incident_id,
    statusChangedAt: row.status_changed_at,
    lastRefreshedAt: row.last_refreshed_at,
    refreshFailedSince: row.refresh_failed_since,
    lastVerifiedAt: row.last_verified_at,
  };
}

export async function getMetaUser(db: Db, id: string): Promise<MetaUser | undefined> {
  const row = await db.selectFrom('meta_users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

/** A profile as seen from one workspace: another workspace's id is simply not found. */
export async function getWorkspaceMetaUser(db: Db, workspaceId: string, id: string): Promise<MetaUser | undefined> {
  const row = await db.selectFrom('meta_users').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

/** A profile of the workspace by our id or Meta's user id (System User id for those). */
export async function findWorkspaceProfile(db: Db, workspaceId: string, ref: IdRef): Promise<MetaUser | undefined> {
  let query = db.selectFrom('meta_users').selectAll().where('workspace_id', '=', workspaceId);
  query = 'ours' in ref ? query.where('id', '=', ref.ours) : query.where('meta_user_id', '=', ref.metaId);
  const row = await query.executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

export async function findByMetaId(db: Db, workspaceId: string, metaUserId: string): Promise<MetaUser | undefined> {
  const row = await db
    .selectFrom('meta_users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('meta_user_id', '=', metaUserId)
    .executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

/** One page of a workspace's profiles in (name, id) order, starting after `after`. */
export async function pageMetaUsers(
  db: Db,
  filter: { workspaceId: string; status?: TokenStatus | undefined; q?: string | undefined; after?: { name: string; id: string } | undefined; limit: number },
): Promise<MetaUser[]> {
  let query = db.selectFrom('meta_users').selectAll().where('workspace_id', '=', filter.workspaceId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const q = filter.q;
  if (q !== undefined) query = query.where(sql<boolean>`strpos(lower(name), lower(${q})) > 0`);
  const after = filter.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after.name, after.id)));
  return (await query.orderBy('name').orderBy('id').limit(filter.limit).execute()).map(toMetaUser);
}

export interface BusinessRef {
  id: string;
  metaBusinessId: string;
  name: string;
}

/** The business connection of a client business in a workspace (one at most), by our business id. */
export async function findBusinessConnection(db: Db, workspaceId: string, clientBusinessId: string): Promise<MetaUser | undefined> {
  const row = await db
    .selectFrom('meta_users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('connection', '=', 'business')
    .where('client_business_id', '=', clientBusinessId)
    .executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

/** Upserts a Business Manager of the workspace by Meta's id (its name refreshed); returns our id. */
export async function upsertBusiness(db: Db, workspaceId: string, business: { id: string; name: string }): Promise<string> {
  const row = await db
    .insertInto('businesses')
    .values({ workspace_id: workspaceId, meta_business_id: business.id, name: business.name })
    .onConflict((oc) => oc.columns(['workspace_id', 'meta_business_id']).doUpdateSet({ name: business.name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The client businesses of business connections, by our business id, in one query. */
export async function businessesById(db: Db, ids: string[]): Promise<Map<string, BusinessRef>> {
  const result = new Map<string, BusinessRef>();
  if (ids.length === 0) return result;
  const rows = await db.selectFrom('businesses').select(['id', 'meta_business_id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  for (const row of rows) result.set(row.id, { id: row.id, metaBusinessId: row.meta_business_id, name: row.name });
  return result;
}

/** Business Managers per profile, for a list of profiles in one query. */
export async function businessesByMetaUser(db: Db, profileIds: string[]): Promise<Map<string, BusinessRef[]>> {
  const result = new Map<string, BusinessRef[]>();
  if (profileIds.length === 0) return result;
  const rows = await db
    .selectFrom('meta_user_businesses')
    .innerJoin('businesses', 'businesses.id', 'meta_user_businesses.business_id')
    .select(['meta_user_businesses.profile_id', 'businesses.id', 'businesses.meta_business_id', 'businesses.name'])
    .where('meta_user_businesses.profile_id', 'in', profileIds)
    .orderBy('businesses.name')
    .execute();
  for (const row of rows) {
    const list = result.get(row.profile_id) ?? [];
    list.push({ id: row.id, metaBusinessId: row.meta_business_id, name: row.name });
    result.set(row.profile_id, list);
  }
  return result;
}

/**
 * Makes a profile's Business Manager list exactly `businesses` (upserting their names); a
 * profile that lost access to a BM loses the link, the BM row stays for other profiles.
 */
export async function replaceProfileBusinesses(db: Db, workspaceId: string, profileId: string, businesses: Array<{ id: string; name: string }>): Promise<void> {
  const ids: string[] = [];
  for (const business of businesses) ids.push(await upsertBusiness(db, workspaceId, business));
  let removal = db.deleteFrom('meta_user_businesses').where('profile_id', '=', profileId);
  if (ids.length > 0) removal = removal.where('business_id', 'not in', ids);
  await removal.execute();
  for (const businessId of ids) {
    await db.insertInto('meta_user_businesses').values({ profile_id: profileId, business_id: businessId }).onConflict((oc) => oc.doNothing()).execute();
  }
}

export interface TimelineEvent {
  kind:
    | 'connected'
    | 'reconnected'
    | 'status_changed'
    | 'refreshed'
    | 'refresh_not_extended'
    | 'refresh_failed'
    | 'verified'
    | 'system_user_added'
    // Permissions left unticked in Meta's dialog, at a connect or a reconnect (details.scopes).
    | 'permissions_declined'
    // A reconnect that put no token in place, and why (details.reason).
    | 'reconnect_failed'
    // A permission granted or revoked on Meta, confirmed by GET /me/permissions (meta-signals/).
    | 'permissions_changed'
    // Connect a business: the first connect of a client business (a BISU token).
    | 'business_connected'
    // Meta's `application` webhooks about the client business (meta-signals/application-object.ts).
    | 'business_installed'
    | 'business_updated'
    | 'business_uninstalled';
  oldStatus?: TokenStatus | null;
  newStatus?: TokenStatus | null;
  code?: number | null;
  subcode?: number | null;
  fbtraceId?: string | null;
  message?: string | null;
  details?: EventDetails | null;
  /** A cause Meta told us of (meta/token-causes.ts), when code and subcode alone do not say it. */
  causeKey?: string | null;
}

export async function insertEvent(db: Db, profileId: string, at: Date, event: TimelineEvent): Promise<void> {
  await db
    .insertInto('meta_user_events')
    .values({
      profile_id: profileId,
      at,
      kind: event.kind,
      old_status: event.oldStatus ?? null,
      new_status: event.newStatus ?? null,
      code: event.code ?? null,
      subcode: event.subcode ?? null,
      fbtrace_id: event.fbtraceId ?? null,
      message: event.message ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
      ...(event.causeKey ? { cause_key: event.causeKey } : {}),
    })
    .execute();
}

/** A profile's timeline, newest first, a page at a time (`atKey` is the cursor's time). */
export async function pageEvents(db: Db, profileId: string, filter: { after?: readonly [string, string] | undefined; limit: number }) {
  let query = db.selectFrom('meta_user_events').selectAll().select(timeKey('at').as('at_key')).where('profile_id', '=', profileId);
  if (filter.after) query = query.where(olderThan('at', 'id', filter.after));
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * The one status transition: only from `from` and only for the token version that was judged, so
 * concurrent verifications of one token make one change (the others update nothing and send
 * nothing), and a reconnect, refresh or key rotation committed while Meta was being asked wins
 * (its new token was never judged). Returns whether this call changed it.
 */
export async function transitionStatus(
  db: Db,
  id: string,
  change: { from: TokenStatus; to: TokenStatus; tokenVersion: number; at: Date; incidentId: string; lastError: LastError },
): Promise<boolean> {
  const result = await db
    .updateTable('meta_users')
    .set({
      status: change.to,
      status_changed_at: change.at,
      incident_id: change.incidentId,
      last_error: JSON.stringify(change.lastError),
      updated_at: change.at,
      refresh_lease_until: null,
      refresh_lease_owner: null,
    })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .where('token_version', '=', change.tokenVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Meta confirmed the token valid just now. */
export async function markVerified(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('meta_users').set({ last_verified_at: at }).where('id', '=', id).execute();
}

export async function countByStatus(db: Db): Promise<Array<{ status: TokenStatus; tokenType: TokenType; n: number }>> {
  const rows = await db
    .selectFrom('meta_users')
    .select(['status', 'token_type', sql<number>`count(*)::int`.as('n')])
    .groupBy(['status', 'token_type'])
    .execute();
  return rows.map((row) => ({ status: row.status, tokenType: row.token_type, n: row.n }));
}
