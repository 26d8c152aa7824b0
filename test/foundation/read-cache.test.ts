import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '../../src/accounts/accounts.queries.ts';
import { hashCredential, newCredential } from '../../src/accounts/secrets.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { usingPostgres } from '../helpers/db.ts';
import { insertMetaUser } from '../helpers/factories.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

/**
 * The profile list and the credential lookups are cached in memory. The promise tested here: a
 * cache is never served stale, whichever connection (another process on PostgreSQL) committed
 * the change, and with the change feed down the service reads the database instead.
 */
let s: TestService;
/** "Another process": a second pool on PostgreSQL; PGlite is one connection in one process. */
let other: Database;
let person: Awaited<ReturnType<TestService['signIn']>>;

type Page = { metaUsers: Array<{ id: string; name: string; status: string; businesses: unknown[] }>; nextCursor: string | null };
const nameOf = async (id: string) => (await list()).metaUsers.find((u) => u.id === id)?.name;
const list = async (query = ''): Promise<Page> => {
  const response = await s.request(`/api/meta-users${query}`, { cookie: person.cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};

async function feedInSync(database: Database): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await database.changes.sync()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the change feed never came up');
}

/** Changes a name without telling anyone (triggers off), to show what is served from memory. */
async function renameSilently(id: string, name: string): Promise<void> {
  await other.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await trx.updateTable('meta_users').set({ name }).where('id', '=', id).execute();
  });
}

beforeAll(async () => {
  s = await startTestService();
  other = usingPostgres() ? await openDatabase({ databaseUrl: s.database.url!, poolSize: 2 }) : s.database;
  person = await s.signIn();
  const names = ['Bruno', 'anna', 'Carla', 'Dario', 'Elena', 'Franco', 'Anna'];
  for (const [i, name] of names.entries()) {
    await insertMetaUser(s.database.db, s.vault, { workspaceId: person.workspaceId, metaUserId: `9100${i}`, token: `EAAtest${i}`, name, status: i === 3 ? 'expired' : 'active' });
  }
  await feedInSync(s.database);
});

afterAll(async () => {
  if (other !== s.database) await other.close();
  await s.close();
});

describe('the profile list', () => {
  it('pages by name with an opaque cursor, filters by status and refuses bad parameters', async () => {
    const seen: string[] = [];
    let page = await list('?limit=3');
    const sizes = [page.metaUsers.length];
    seen.push(...page.metaUsers.map((u) => u.name));
    while (page.nextCursor) {
      page = await list(`?limit=3&after=${encodeURIComponent(page.nextCursor)}`);
      sizes.push(page.metaUsers.length);
      seen.push(...page.metaUsers.map((u) => u.name));
    }
    expect(sizes).toEqual([3, 3, 1]);
    const all = await list();
    expect(all.nextCursor).toBeNull();
    expect(seen).toEqual(all.metaUsers.map((u) => u.name));
    expect(new Set(seen).size).toBe(7);
    expect((await list('?status=expired')).metaUsers.map((u) => u.name)).toEqual(['Dario']);

    for (const bad of ['?limit=0', '?limit=501', '?limit=ten', '?after=bm90LWEtY3Vyc29y', '?status=deleted']) {
      const response = await s.request(`/api/meta-users${bad}`, { cookie: person.cookie });
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
  });

  it('is served from memory until a change is committed, and never stale after one', async () => {
    const [first] = (await list('?limit=1')).metaUsers;
    const one = async () => (await list()).metaUsers.find((u) => u.id === first!.id)!;
    expect(await nameOf(first!.id)).toBe(first!.name);
    // A change nobody is told of stays invisible: the page is being served from memory.
    await renameSilently(first!.id, `${first!.name} (silent)`);
    expect(await nameOf(first!.id)).toBe(first!.name);

    // Every committed change, from any connection, is visible to the very next request.
    for (let i = 0; i < 25; i++) {
      await other.db.updateTable('meta_users').set({ name: `${first!.name} ${i}` }).where('id', '=', first!.id).execute();
      expect(await nameOf(first!.id)).toBe(`${first!.name} ${i}`);
    }
    await other.db.updateTable('meta_users').set({ status: 'inactive' }).where('id', '=', first!.id).execute();
    expect((await one()).status).toBe('inactive');

    // A Business Manager linked, renamed, unlinked: the list shows each state.
    const business = await other.db.insertInto('businesses').values({ workspace_id: person.workspaceId, meta_business_id: '99001', name: 'Nuovo BM' }).returning('id').executeTakeFirstOrThrow();
    await other.db.insertInto('meta_user_businesses').values({ profile_id: first!.id, business_id: business.id }).execute();
    expect((await one()).businesses).toEqual([{ id: business.id, metaId: '99001', name: 'Nuovo BM' }]);
    await other.db.updateTable('businesses').set({ name: 'BM rinominato' }).where('id', '=', business.id).execute();
    expect((await one()).businesses).toEqual([{ id: business.id, metaId: '99001', name: 'BM rinominato' }]);
    await other.db.deleteFrom('meta_user_businesses').where('business_id', '=', business.id).execute();
    expect((await one()).businesses).toEqual([]);

    await other.db.deleteFrom('meta_users').where('id', '=', first!.id).execute();
    expect((await list()).metaUsers.map((u) => u.id)).not.toContain(first!.id);
  });

  it('keeps each workspace to itself', async () => {
    const stranger = await s.signIn({ workspace: 'Elsewhere' });
    const theirs = (await (await s.request('/api/meta-users', { cookie: stranger.cookie })).json()) as Page;
    expect(theirs.metaUsers).toEqual([]);
    expect((await list()).metaUsers.length).toBeGreaterThan(0);
  });
});

describe('credentials', () => {
  it('a session ended or a role changed by another process counts at the next request', async () => {
    const admin = await s.signIn({ role: 'admin' });
    expect((await s.request('/api/jobs', { cookie: admin.cookie })).status).toBe(200);
    await other.db.updateTable('members').set({ role: 'member' }).where('id', '=', admin.memberId).execute();
    expect((await s.request('/api/jobs', { cookie: admin.cookie })).status).toBe(403);
    expect((await s.request('/api/meta-users', { cookie: admin.cookie })).status).toBe(200);
    await other.db.deleteFrom('sessions').where('member_id', '=', admin.memberId).execute();
    expect((await s.request('/api/meta-users', { cookie: admin.cookie })).status).toBe(401);
  });

  it('a session past its expiry is refused even when remembered', async () => {
    const member = await s.signIn();
    expect((await s.request('/api/meta-users', { cookie: member.cookie })).status).toBe(200);
    s.clock.advance((s.config.sessionTtlHours + 1) * 3_600_000);
    expect((await s.request('/api/meta-users', { cookie: member.cookie })).status).toBe(401);
  });

  it('an API key revoked by another process stops working at once', async () => {
    const key = newCredential('wevk');
    const { id } = await insertApiKey(other.db, { workspaceId: person.workspaceId, name: 'bench', keyHash: hashCredential(key), prefix: key.slice(0, 9), scopes: ['read'] });
    const call = () => s.request('/api/meta-users', { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    await other.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    expect((await call()).status).toBe(401);
  });
});

describe.skipIf(!usingPostgres())('with the change feed down (PostgreSQL)', () => {
  it('reads the database instead of memory, then caches again once the feed is back', async () => {
    // A new session in the same workspace: the clock test above outlived the first one.
    person = await s.signIn();
    const [target] = (await list('?limit=1')).metaUsers;
    // Cut the listening connection, as a PostgreSQL restart or a network blip would.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like '%-changes'`.execute(other.db);
    for (let i = 0; i < 5; i++) {
      await other.db.updateTable('meta_users').set({ name: `${target!.name} down ${i}` }).where('id', '=', target!.id).execute();
      expect(await nameOf(target!.id)).toBe(`${target!.name} down ${i}`);
    }
    await feedInSync(s.database);
    expect(await nameOf(target!.id)).toBe(`${target!.name} down 4`);
    await renameSilently(target!.id, 'silent again');
    expect(await nameOf(target!.id)).toBe(`${target!.name} down 4`);
  });
});
