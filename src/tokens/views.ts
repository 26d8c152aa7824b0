import type { Db } from '../db/database.ts';
import { RECONNECT_FAILURES, type EventDetails, type ReconnectFailure } from '../db/schema.ts';
import { tokenCause, type CauseLocale } from '../meta/token-causes.ts';
import { businessesById, businessesByMetaUser, type MetaUser, type pageEvents } from './tokens.queries.ts';

/** The API's view of a profile. Never the token: not even a fingerprint is needed by anyone. */
export interface MetaUserView {
  id: string;
  metaId: string;
  name: string;
  tokenType: 'user' | 'system_user';
  /** Connect Meta Account (`login`), Connect a business (`business`), or a pasted System User token. */
  connection: 'login' | 'business' | 'pasted';
  /** The client business of a business connection; null for the others. */
  clientBusiness: { id: string; metaId: string; name: string } | null;
  status: 'active' | 'inactive' | 'expired';
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  businesses: Array<{ id: string; metaId: string; name: string }>;
  grantedScopes: string[];
  declinedScopes: string[];
  needsReconnect: boolean;
  /** `causeKey`: the stable key of `message`'s cause, `causeWords` its words in each language (meta/token-causes.ts). */
  lastError: { code: number | null; subcode: number | null; message: string; causeKey: string; causeWords: CauseWords; at: string } | null;
  connectedBy: string | null;
  statusChangedAt: string;
  lastRefreshedAt: string | null;
}

export async function toViews(db: Db, metaUsers: MetaUser[]): Promise<MetaUserView[]> {
  const [businesses, clients] = await Promise.all([
    businessesByMetaUser(
      db,
      metaUsers.map((m) => m.id),
    ),
    businessesById(
      db,
      metaUsers.flatMap((m) => (m.clientBusinessId ? [m.clientBusinessId] : [])),
    ),
  ]);
  const clientOf = (m: MetaUser) => {
    const client = m.clientBusinessId ? clients.get(m.clientBusinessId) : undefined;
    return client ? { id: client.id, metaId: client.metaBusinessId, name: client.name } : null;
  };
  return metaUsers.map((m) => ({
    id: m.id,
    metaId: m.metaUserId,
    name: m.name,
    tokenType: m.tokenType,
    connection: m.connection,
    clientBusiness: clientOf(m),
    status: m.status,
    expiresAt: m.expiresAt?.toISOString() ?? null,
    dataAccessExpiresAt: m.dataAccessExpiresAt?.toISOString() ?? null,
    businesses: (businesses.get(m.id) ?? []).map((b) => ({ id: b.id, metaId: b.metaBusinessId, name: b.name })),
    grantedScopes: m.grantedScopes,
    declinedScopes: m.declinedScopes,
    needsReconnect: m.needsReconnect,
    lastError: m.lastError ? { code: m.lastError.code, subcode: m.lastError.subcode, message: m.lastError.message, ...keyAndWords(m.lastError.code, m.lastError.subcode, m.lastError.causeKey), at: m.lastError.at } : null,
    connectedBy: m.connectedBy,
    statusChangedAt: m.statusChangedAt.toISOString(),
    lastRefreshedAt: m.lastRefreshedAt?.toISOString() ?? null,
  }));
}

type CauseWords = Record<CauseLocale, string>;

/** The cause's key and its words in both languages: the UI shows these, it keeps no table of its own. */
function keyAndWords(code: number | null, subcode: number | null, signalled?: string | null): { causeKey: string; causeWords: CauseWords } {
  const { key, en, it } = tokenCause(code, subcode, signalled);
  return { causeKey: key, causeWords: { en, it } };
}

/** A status change away from Active says why, in words and by key; other events have no cause. */
function causeOf(row: Awaited<ReturnType<typeof pageEvents>>[number]): { cause: string | null; causeKey: string | null; causeWords: CauseWords | null } {
  if (row.kind !== 'status_changed' || row.new_status === 'active') return { cause: null, causeKey: null, causeWords: null };
  const { causeKey, causeWords } = keyAndWords(row.code, row.subcode, row.cause_key);
  return { cause: causeWords.en, causeKey, causeWords };
}

export function eventViews(rows: Awaited<ReturnType<typeof pageEvents>>) {
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    oldStatus: row.old_status as MetaUserView['status'] | null,
    newStatus: row.new_status as MetaUserView['status'] | null,
    code: row.code,
    subcode: row.subcode,
    fbtraceId: row.fbtrace_id,
    ...causeOf(row),
    message: row.message,
    details: detailsOf(row.details),
  }));
}

/** jsonb arrives parsed from both engines; a text form is parsed too, so the view never depends on the driver. */
function detailsOf(raw: unknown): EventDetails | null {
  if (raw === null || raw === undefined) return null;
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (typeof value !== 'object' || value === null) return null;
  const { scopes, reason, actual } = value as Record<string, unknown>;
  return {
    ...(Array.isArray(scopes) ? { scopes: scopes.filter((s): s is string => typeof s === 'string') } : {}),
    ...(typeof reason === 'string' && (RECONNECT_FAILURES as readonly string[]).includes(reason) ? { reason: reason as ReconnectFailure } : {}),
    ...(typeof actual === 'string' ? { actual } : {}),
  };
}
