import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { revokeApiKey } from '../../src/accounts/api-keys.ts';
import { hashCredential } from '../../src/accounts/secrets.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { usingPostgres } from '../helpers/db.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * API keys have a life cycle: an admin lists the workspace's keys (never a key or its hash) and
 * revokes one; a revoked key is refused by every process at its next request (the credential
 * caches hear of it through the change feed, here from a second connection on PostgreSQL); a
 * key's last use is written at most once a minute, never for a refused request.
 */
type Listed = { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
type Page = { apiKeys: Listed[]; nextCursor: string | null };

let s: TestService;
/** "Another process": a second pool on PostgreSQL; PGlite is one connection in one process. */
let other: Database;
let admin: Awaited<ReturnType<TestService['signIn']>>;
let member: Awaited<ReturnType<TestService['signIn']>>;
let stranger: Awaited<ReturnType<TestService['signIn']>>;
const keys: Array<{ id: string; key: string; name: string }> = [];
let strangersKey: { id: string; key: string };

const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
const lastUsed = async (id: string) => (await s.database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;

async function feedInSync(database: Database): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await database.changes.sync()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the change feed never came up');
}

beforeAll(async () => {
  s = await startTestService();
  other = usingPostgres() ? await openDatabase({ databaseUrl: s.database.url!, poolSize: 2 }) : s.database;
  admin = await s.signIn({ workspace: 'Keys A', role: 'admin' });
  member = await s.signIn({ workspace: 'Keys A', role: 'member' });
  stranger = await s.signIn({ workspace: 'Keys B', role: 'admin' });
  for (const name of ['insights', 'launcher', 'reports', 'checkout', 'spare']) {
    const created = await createApiKey(s.database.db, { workspace: 'Keys A', name, scopes: name === 'checkout' ? ['tokens:checkout', 'read'] : ['read'] });
    keys.push({ id: created.id, key: created.key, name });
  }
  strangersKey = await createApiKey(s.database.db, { workspace: 'Keys B', name: 'theirs', scopes: ['read'] });
  await feedInSync(s.database);
});

afterAll(async () => {
  if (other !== s.database) await other.close();
  await s.close();
});

describe('GET /api/api-keys', () => {
  it('pages the workspace’s keys newest first, and shows neither a key nor its hash', async () => {
    const seen: Listed[] = [];
    let page = (await (await s.request('/api/api-keys?limit=2', { cookie: admin.cookie })).json()) as Page;
    const sizes = [page.apiKeys.length];
    seen.push(...page.apiKeys);
    while (page.nextCursor) {
      const response = await s.request(`/api/api-keys?limit=2&after=${encodeURIComponent(page.nextCursor)}`, { cookie: admin.cookie });
      expect(response.status).toBe(200);
      page = (await response.json()) as Page;
      sizes.push(page.apiKeys.length);
      seen.push(...page.apiKeys);
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.map((k) => k.name)).toEqual(['spare', 'checkout', 'reports', 'launcher', 'insights']);
    expect(seen.map((k) => k.id)).not.toContain(strangersKey.id);
    const checkout = seen.find((k) => k.name === 'checkout')!;
    expect(Object.keys(checkout).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes']);
    expect(checkout).toMatchObject({ prefix: keys[3]!.key.slice(0, 10), scopes: ['tokens:checkout', 'read'], lastUsedAt: null, revokedAt: null });
    const text = JSON.stringify(seen);
    for (const { key } of keys) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(hashCredential(key));
    }
    const theirs = (await (await s.request('/api/api-keys', { cookie: stranger.cookie })).json()) as Page;
    expect(theirs.apiKeys.map((k) => k.name)).toEqual(['theirs']);
  });

  it('is for admins only, never for a member or an API key', async () => {
    expect((await s.request('/api/api-keys', { cookie: member.cookie })).status).toBe(403);
    expect((await s.request('/api/api-keys', bearer(keys[0]!.key))).status).toBe(403);
    expect((await s.request('/api/api-keys')).status).toBe(401);
    expect((await s.request('/api/api-keys?after=bm90LWEtY3Vyc29y', { cookie: admin.cookie })).status).toBe(400);
  });
});

describe('revoking a key', () => {
  it('DELETE: 404 for another workspace’s key or no key, 403 for a member; a revoked key is refused at its next request', async () => {
    const [insights] = keys;
    expect((await s.request('/api/meta-users', bearer(insights!.key))).status).toBe(200);
    expect((await s.request(`/api/api-keys/${strangersKey.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
    expect((await s.request('/api/api-keys/00000000-0000-4000-8000-000000000000', { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
    expect((await s.request('/api/api-keys/not-an-id', { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
    expect((await s.request(`/api/api-keys/${insights!.id}`, { method: 'DELETE', cookie: member.cookie })).status).toBe(403);
    // Nothing of the above revoked anything.
    expect((await s.request('/api/meta-users', bearer(insights!.key))).status).toBe(200);
    expect((await s.request('/api/meta-users', bearer(strangersKey.key))).status).toBe(200);

    const revoked = await s.request(`/api/api-keys/${insights!.id}`, { method: 'DELETE', cookie: admin.cookie });
    expect(revoked.status).toBe(204);
    const refused = await s.request('/api/meta-users', bearer(insights!.key));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');

    // It stays listed, revoked; revoking it again changes nothing.
    const listed = async () => ((await (await s.request('/api/api-keys', { cookie: admin.cookie })).json()) as Page).apiKeys.find((k) => k.id === insights!.id)!;
    const first = (await listed()).revokedAt;
    expect(first).toBe(new Date(s.clock.now()).toISOString());
    s.clock.advance(5_000);
    expect((await s.request(`/api/api-keys/${insights!.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect((await listed()).revokedAt).toBe(first);
  });

  it('by another process (the CLI’s code path on another connection): refused at the next request, though it was cached', async () => {
    const reports = keys[2]!;
    const call = () => s.request('/api/meta-users', bearer(reports.key));
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const { key, alreadyRevoked } = await revokeApiKey({ db: other.db, clock: s.clock }, reports.id);
    expect(alreadyRevoked).toBe(false);
    expect(key.revokedAt).not.toBeNull();
    expect((await call()).status).toBe(401);
    // Every other key of the workspace goes on working.
    expect((await s.request('/api/meta-users', bearer(keys[1]!.key))).status).toBe(200);
    // Another workspace's scope: an admin of B cannot revoke A's key through the same function.
    await expect(revokeApiKey({ db: other.db, clock: s.clock }, keys[1]!.id, stranger.workspaceId)).rejects.toMatchObject({ code: 'not_found' });
    expect((await s.request('/api/meta-users', bearer(keys[1]!.key))).status).toBe(200);
  });
});

describe('last use', () => {
  it('is written at most once a minute per key, and never for a refused request', async () => {
    const launcher = keys[1]!;
    await s.database.db.updateTable('api_keys').set({ last_used_at: null }).where('id', '=', launcher.id).execute();
    s.clock.advance(120_000);
    const t0 = new Date(s.clock.now());
    expect((await s.request('/api/meta-users', bearer(launcher.key))).status).toBe(200);
    await waitFor('the first use to be written', async () => (await lastUsed(launcher.id))?.getTime() === t0.getTime(), 4_000, 20);

    // Within the minute: answered requests write nothing more.
    s.clock.advance(30_000);
    for (let i = 0; i < 5; i++) expect((await s.request('/api/meta-users', bearer(launcher.key))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await lastUsed(launcher.id))?.getTime()).toBe(t0.getTime());

    // A minute on: a refused request (an admin route) writes nothing; an answered one does.
    s.clock.advance(31_000);
    expect((await s.request('/api/jobs', bearer(launcher.key))).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await lastUsed(launcher.id))?.getTime()).toBe(t0.getTime());
    const t1 = new Date(s.clock.now());
    expect((await s.request('/api/meta-users', bearer(launcher.key))).status).toBe(200);
    await waitFor('the next minute’s use to be written', async () => (await lastUsed(launcher.id))?.getTime() === t1.getTime(), 4_000, 20);

    // The admin's list says it, to the minute.
    const listed = ((await (await s.request('/api/api-keys', { cookie: admin.cookie })).json()) as Page).apiKeys.find((k) => k.id === launcher.id)!;
    expect(listed.lastUsedAt).toBe(t1.toISOString());
  });
});
