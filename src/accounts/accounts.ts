import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import * as q from './accounts.queries.ts';
import { DEFAULT_API_KEY_SCOPES, type ApiKeyScope } from './scopes.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { hashCredential, newCredential } from './secrets.ts';

export type { Member } from './accounts.queries.ts';

export interface LoginPolicy {
  attemptsPerWindow: number;
  windowMinutes: number;
  sessionTtlHours: number;
}

export interface SignedIn {
  sessionCookie: string;
  expiresAt: Date;
  member: q.Member;
}

/**
 * Checks credentials and opens a session. Failures are counted per email and per client address;
 * past the limit every attempt is refused until the window passes, right password or not.
 */
export async function signIn(
  deps: { db: Db; clock: Clock; policy: LoginPolicy },
  input: { email: string; password: string; clientAddress: string },
): Promise<SignedIn> {
  const { db, clock, policy } = deps;
  const now = new Date(clock.now());
  const windowMs = policy.windowMinutes * 60_000;
  // One address may try several accounts (an office behind one NAT), so it gets a wider limit.
  const limits: Array<[string, number]> = [[`email:${input.email.trim().toLowerCase()}`, policy.attemptsPerWindow]];
  if (input.clientAddress !== 'unknown') limits.push([`ip:${input.clientAddress}`, policy.attemptsPerWindow * 5]);
  const keys = limits.map(([key]) => key);
  for (const [key, limit] of limits) {
    const state = await q.loginFailures(db, key, now, windowMs);
    if (state && state.failures >= limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((state.windowStartedAt.getTime() + windowMs - now.getTime()) / 1000));
      throw new AppError('too_many_attempts', 'Too many failed sign-in attempts. Try again later.', { retryAfterSeconds });
    }
  }
  const member = await q.findMemberByEmail(db, input.email.trim());
  const ok = await verifyPassword(input.password, member?.passwordHash ?? DUMMY_HASH);
  if (!member || !ok) {
    for (const key of keys) await q.recordLoginFailure(db, key, now, windowMs);
    throw new AppError('invalid_credentials', 'Email or password is wrong.');
  }
  await q.clearLoginFailures(db, keys[0] as string);
  // A fresh random id at every sign-in: a session id planted before login is never promoted.
  const sessionCookie = newCredential('wevs');
  const expiresAt = new Date(now.getTime() + policy.sessionTtlHours * 3_600_000);
  await q.insertSession(db, hashCredential(sessionCookie), member.id, expiresAt);
  const { passwordHash: _omit, ...publicMember } = member;
  return { sessionCookie, expiresAt, member: publicMember };
}

export async function signOut(db: Db, sessionCookie: string): Promise<void> {
  await q.deleteSession(db, hashCredential(sessionCookie));
}

/** `wevion users create`: creates the workspace when new; an existing email is an error. */
export async function createUser(
  db: Db,
  input: { workspace: string; email: string; password: string; role: 'admin' | 'member'; locale?: 'it' | 'en'; name?: string },
): Promise<{ member: q.Member; workspaceCreated: boolean }> {
  if (input.password.length < 8) throw new AppError('invalid_input', 'The password must be at least 8 characters long.');
  if (!/^[^@\s]+@[^@\s]+$/.test(input.email)) throw new AppError('invalid_input', `"${input.email}" is not an email address.`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await q.findMemberByEmail(trx, input.email)) throw new AppError('conflict', `A member with email ${input.email} already exists.`);
    let workspace = await q.findWorkspaceByName(trx, input.workspace);
    const workspaceCreated = !workspace;
    workspace ??= await q.insertWorkspace(trx, input.workspace);
    const member = await q.insertMember(trx, {
      workspaceId: workspace.id,
      email: input.email,
      name: input.name ?? '',
      passwordHash,
      role: input.role,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    return { member, workspaceCreated };
  });
}

/** `wevion api-keys create`: the key is shown once and stored only as a hash. */
export async function createApiKey(db: Db, input: { workspace: string; name: string; scopes?: readonly ApiKeyScope[] }): Promise<{ key: string; id: string; scopes: readonly ApiKeyScope[] }> {
  const workspace = await q.findWorkspaceByName(db, input.workspace);
  if (!workspace) throw new AppError('not_found', `Workspace "${input.workspace}" does not exist.`);
  const key = newCredential('wevk');
  const scopes = input.scopes ?? DEFAULT_API_KEY_SCOPES;
  const { id } = await q.insertApiKey(db, { workspaceId: workspace.id, name: input.name, keyHash: hashCredential(key), prefix: key.slice(0, 10), scopes });
  return { key, id, scopes };
}

export const DEMO_WORKSPACE = 'Demo Agency';
export const DEMO_EMAIL = 'demo@wevion.test';
export const DEMO_PASSWORD = 'demo-password';

/** Demo mode only: the workspace and admin a newcomer signs in with. Idempotent. */
export async function ensureDemoAccount(db: Db): Promise<q.Member> {
  const existing = await q.findMemberByEmail(db, DEMO_EMAIL);
  if (existing) {
    const { passwordHash: _omit, ...member } = existing;
    return member;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const workspace = (await q.findWorkspaceByName(trx, DEMO_WORKSPACE)) ?? (await q.insertWorkspace(trx, DEMO_WORKSPACE, true));
    return q.insertMember(trx, { workspaceId: workspace.id, email: DEMO_EMAIL, name: 'Demo Admin', passwordHash, role: 'admin', locale: 'it' });
  });
}
