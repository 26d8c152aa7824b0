import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { replaceSecret } from '../../src/vault/secrets.queries.ts';
import { usingPostgres } from '../helpers/db.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The Graph proxy and token checkouts answer from memory: the profile, its status and scopes and
 * its sealed token (never the plaintext). The promise tested here: a status change, a reconnect,
 * a refresh or a re-encrypted secret committed by any connection (another process on PostgreSQL)
 * is seen by the next call, and a change nobody announced (triggers off) is not — which shows the
 * call really made no database statement.
 */
let s: TestService;
let other: Database;
let admin: Awaited<ReturnType<TestService['signIn']>>;
let profileId: string;
let secretId: string;
let key: string;

const proxy = () => s.request('/api/graph/proxy', { method: 'POST', cookie: admin.cookie, json: { profileId, path: '/me' } });
const checkout = () => s.request('/api/tokens/checkout', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId, purpose: 'ads_read' } });
const meCalls = async () => ((await s.control('GET', '/__control/calls')) as { calls: Array<{ path: string }> }).calls.filter((c) => c.path.endsWith('/me')).length;

async function silently(change: (db: Database['db']) => Promise<unknown>): Promise<void> {
  await other.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await change(trx);
  });
}

beforeAll(async () => {
  s = await startTestService();
  other = usingPostgres() ? await openDatabase({ databaseUrl: s.database.url!, poolSize: 2 }) : s.database;
  admin = await s.signIn({ workspace: 'Cache', role: 'admin' });
  await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
  const row = await s.database.db.selectFrom('meta_users').select(['id', 'secret_id']).executeTakeFirstOrThrow();
  profileId = row.id;
  secretId = row.secret_id;
  key = (await createApiKey(s.database.db, { workspace: 'Cache', name: 'cache', scopes: ['tokens:checkout'] })).key;
  await waitFor('the change feed to listen', () => s.database.changes.sync());
});

afterAll(async () => {
  if (other !== s.database) await other.close();
  await s.close();
});

describe('the proxy and checkouts answer from memory, never stale', () => {
  it('a change nobody announced is not seen: the profile came from memory', async () => {
    expect((await proxy()).status).toBe(200);
    expect((await checkout()).status).toBe(200);
    await silently((db) => db.updateTable('meta_users').set({ status: 'expired' }).where('id', '=', profileId).execute());
    expect((await proxy()).status).toBe(200);
    expect((await checkout()).status).toBe(200);
    await silently((db) => db.updateTable('meta_users').set({ status: 'active' }).where('id', '=', profileId).execute());
  });

  it('a status change committed elsewhere counts at the next call, before any Graph call', async () => {
    expect((await proxy()).status).toBe(200);
    const before = await meCalls();
    await other.db.updateTable('meta_users').set({ status: 'inactive' }).where('id', '=', profileId).execute();
    const refused = await proxy();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'token_inactive' } });
    expect(await (await checkout()).json()).toMatchObject({ error: { reason: 'token_inactive' } });
    expect(await meCalls()).toBe(before);
    await other.db.updateTable('meta_users').set({ status: 'active' }).where('id', '=', profileId).execute();
    expect((await proxy()).status).toBe(200);
  });

  it('a reconnect (a new token, a new version) committed elsewhere is used by the next call', async () => {
    expect((await proxy()).status).toBe(200);
    // Meta ends the old token; the new one is issued after that, as a fresh login would be.
    await s.control('POST', '/__control/users/10001/logout');
    const fresh = (await s.control('POST', '/__control/tokens', { appId: APP_ID, userId: '10001', kind: 'long', scopes: ['ads_read'] })) as { access_token: string };
    await other.db.transaction().execute(async (trx) => {
      await replaceSecret(trx, s.vault, secretId, fresh.access_token);
      await trx.updateTable('meta_users').set({ token_version: sql`token_version + 1` }).where('id', '=', profileId).execute();
    });
    expect((await proxy()).status).toBe(200);
    expect(((await (await checkout()).json()) as { accessToken: string }).accessToken).toBe(fresh.access_token);
  });

  it('a secret re-encrypted elsewhere (refresh writes only the secret and the expiry) is read again', async () => {
    const newer = (await s.control('POST', '/__control/tokens', { appId: APP_ID, userId: '10001', kind: 'long', scopes: ['ads_read'] })) as { access_token: string };
    await replaceSecret(other.db, s.vault, secretId, newer.access_token);
    expect(((await (await checkout()).json()) as { accessToken: string }).accessToken).toBe(newer.access_token);
  });
});
