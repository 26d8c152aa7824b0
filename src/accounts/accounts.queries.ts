import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { storedScopes, type ApiKeyScope } from './scopes.ts';

export interface Member {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  locale: 'it' | 'en';
}

type MemberRow = { id: string; workspace_id: string; email: string; name: string; role: 'admin' | 'member'; locale: 'it' | 'en' };

const toMember = (row: MemberRow): Member => ({
  id: row.id,
  workspaceId: row.workspace_id,
  email: row.email,
  name: row.name,
  role: row.role,
  locale: row.locale,
});

const memberColumns = ['members.id', 'members.workspace_id', 'members.email', 'members.name', 'members.role', 'members.locale'] as const;

export async function findWorkspaceByName(db: Db, name: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('workspaces').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}

export async function insertWorkspace(db: Db, name: string, isDemo = false): Promise<{ id: string; name: string }> {
  return db.insertInto('workspaces').values({ name, is_demo: isDemo }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function findMemberByEmail(db: Db, email: string): Promise<(Member & { passwordHash: string }) | undefined> {
  const row = await db
    .selectFrom('members')
    .select([...memberColumns, 'members.password_hash'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row ? { ...toMember(row), passwordHash: row.password_hash } : undefined;
}

export async function getMember(db: Db, id: string): Promise<Member | undefined> {
  const row = await db.selectFrom('members').select(memberColumns).where('id', '=', id).executeTakeFirst();
  return row ? toMember(row) : undefined;
}

export async function listWorkspaceMembers(db: Db, workspaceId: string, role?: 'admin' | 'member'): Promise<Member[]> {
  let query = db.selectFrom('members').select(memberColumns).where('workspace_id', '=', workspaceId);
  if (role) query = query.where('role', '=', role);
  return (await query.orderBy('email').execute()).map(toMember);
}

export async function insertMember(
  db: Db,
  values: { workspaceId: string; email: string; name?: string; passwordHash: string; role: 'admin' | 'member'; locale?: 'it' | 'en' },
): Promise<Member> {
  const row = await db
    .insertInto('members')
    .values({
      workspace_id: values.workspaceId,
      email: values.email,
      name: values.name ?? '',
      password_hash: values.passwordHash,
      role: values.role,
      locale: values.locale ?? 'it',
    })
    .returning(['id', 'workspace_id', 'email', 'name', 'role', 'locale'])
    .executeTakeFirstOrThrow();
  return toMember(row);
}

export async function updateMemberPassword(db: Db, id: string, passwordHash: string, role: 'admin' | 'member'): Promise<void> {
  await db.updateTable('members').set({ password_hash: passwordHash, role }).where('id', '=', id).execute();
}

export async function updateMemberLocale(db: Db, id: string, locale: 'it' | 'en'): Promise<void> {
  await db.updateTable('members').set({ locale }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, idHash: string, memberId: string, expiresAt: Date): Promise<void> {
  await db.insertInto('sessions').values({ id_hash: idHash, member_id: memberId, expires_at: expiresAt }).execute();
}

/** A session and its member whatever its expiry (the caller compares it with its clock). */
export async function findSession(db: Db, idHash: string): Promise<{ member: Member; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('members', 'members.id', 'sessions.member_id')
    .select([...memberColumns, 'sessions.expires_at'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  return row ? { member: toMember(row), expiresAt: row.expires_at } : undefined;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiKey(db: Db, values: { workspaceId: string; name: string; keyHash: string; prefix: string; scopes: readonly ApiKeyScope[] }): Promise<{ id: string }> {
  return db
    .insertInto('api_keys')
    .values({ workspace_id: values.workspaceId, name: values.name, key_hash: values.keyHash, prefix: values.prefix, scopes: JSON.stringify(values.scopes) })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  scopes: ApiKeyScope[];
}

export async function findApiKey(db: Db, keyHash: string): Promise<ApiKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'name', 'scopes'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, workspaceId: row.workspace_id, name: row.name, scopes: storedScopes(row.scopes) } : undefined;
}

/**
 * Counts a failed login in a fixed window, atomically, so several web processes share one limit.
 * Returns the failures counted in the current window.
 */
export async function recordLoginFailure(db: Db, key: string, now: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto('login_attempts')
    .values({ throttle_key: key, window_started_at: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('throttle_key').doUpdateSet({
        failures: sql`case when login_attempts.window_started_at <= ${windowStart} then 1 else login_attempts.failures + 1 end`,
        window_started_at: sql`case when login_attempts.window_started_at <= ${windowStart} then ${now} else login_attempts.window_started_at end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function loginFailures(db: Db, key: string, now: Date, windowMs: number): Promise<{ failures: number; windowStartedAt: Date } | undefined> {
  const row = await db
    .selectFrom('login_attempts')
    .select(['failures', 'window_started_at'])
    .where('throttle_key', '=', key)
    .where('window_started_at', '>', new Date(now.getTime() - windowMs))
    .executeTakeFirst();
  return row ? { failures: row.failures, windowStartedAt: row.window_started_at } : undefined;
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('throttle_key', '=', key).execute();
}
