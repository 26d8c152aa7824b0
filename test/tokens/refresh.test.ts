import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.ts';
import { openDatabase } from '../../src/db/database.ts';
import { memoryLogger } from '../helpers/app.ts';
import { smallWorld, startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; status: string; expiresAt: string; needsReconnect: boolean };
type Call = { method: string; path: string; userId?: string; status: number };

async function connectedProfile(s: TestService, workspace: string) {
  const person = await s.signIn({ workspace, role: 'admin', locale: 'en' });
  await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
  const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Profile[] };
  return { ...person, profile: metaUsers[0]! };
}

const calls = async (s: TestService) => ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls;
const runRefresh = async (s: TestService, cookie: string) => {
  const response = await s.request('/api/jobs/token-refresh/run', { method: 'POST', cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { summary: Record<string, number> }).summary;
};

describe('automatic refresh (extend)', () => {
  // The sweep covers every workspace, so each case gets a world of its own.
  let s: TestService;
  beforeEach(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
  });
  afterEach(() => s.close());

  it('at day 53 gets a fresh 60-day token with two Graph calls, used by the next call at once', async () => {
    const { cookie, profile } = await connectedProfile(s, 'Refresh A');
    expect(await runRefresh(s, cookie)).toEqual({ checked: 0, refreshed: 0, notExtended: 0, failed: 0, skipped: 0 });
    await s.advance(53 * 86_400);
    const before = (await calls(s)).length;
    expect(await runRefresh(s, cookie)).toEqual({ checked: 1, refreshed: 1, notExtended: 0, failed: 0, skipped: 0 });
    const made = (await calls(s)).slice(before);
    expect(made.map((c) => c.path)).toEqual(['/oauth/access_token', '/debug_token']);
    const after = ((await (await s.request(`/api/meta-users/${profile.id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
    expect(Date.parse(after.expiresAt) - s.clock.now()).toBeGreaterThan(55 * 86_400_000);
    expect(after).toMatchObject({ status: 'active', needsReconnect: false });
    // Running it again does nothing: the token is no longer due.
    expect(await runRefresh(s, cookie)).toMatchObject({ checked: 0, refreshed: 0 });
    // The stored token is the new one and works after the old one's lifetime.
    await s.advance(10 * 86_400);
    const proxied = await s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId: profile.id, path: '/me' } });
    expect(proxied.status).toBe(200);
    const events = (await (await s.request(`/api/meta-users/${profile.id}/events`, { cookie })).json()) as { events: Array<{ kind: string }> };
    expect(events.events.map((e) => e.kind)).toContain('refreshed');
  });

  it('counts a failing Meta as failed, keeps the token Active, and succeeds on the next run', async () => {
    const { cookie, profile } = await connectedProfile(s, 'Refresh B');
    await s.advance(54 * 86_400);
    await s.control('POST', '/__control/faults', { match: { path: '^/oauth/access_token$' }, respond: { status: 500, body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } } } });
    const failed = await runRefresh(s, cookie);
    expect(failed).toMatchObject({ failed: 1, refreshed: 0 });
    await s.control('DELETE', '/__control/faults');
    const row = await s.database.db.selectFrom('meta_users').select(['status', 'refresh_failed_since', 'refresh_lease_owner']).where('id', '=', profile.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect(row.refresh_failed_since).not.toBeNull();
    expect(row.refresh_lease_owner).toBeNull();
    expect(await runRefresh(s, cookie)).toMatchObject({ refreshed: 1, failed: 0 });
  });

  it('a refresh answered with 190 (password changed) goes through verification: Expired, one notification', async () => {
    const { cookie, profile } = await connectedProfile(s, 'Refresh C');
    await s.advance(54 * 86_400);
    await s.control('POST', '/__control/users/10001/change-password');
    expect(await runRefresh(s, cookie)).toMatchObject({ failed: 1 });
    const after = ((await (await s.request(`/api/meta-users/${profile.id}`, { cookie })).json()) as { metaUser: Profile & { lastError: { subcode: number } } }).metaUser;
    expect(after.status).toBe('expired');
    expect(after.lastError.subcode).toBe(460);
    const notes = ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Array<{ type: string }> }).notifications;
    expect(notes.map((n) => n.type)).toEqual(['token_expired']);
  });

  it('a worker that died holding the lease: the token is skipped until the lease runs out, then refreshed', async () => {
    const { cookie, profile } = await connectedProfile(s, 'Refresh D');
    await s.advance(54 * 86_400);
    await s.database.db
      .updateTable('meta_users')
      .set({ refresh_lease_owner: 'dead-worker', refresh_lease_until: new Date(s.clock.now() + 60_000) })
      .where('id', '=', profile.id)
      .execute();
    expect(await runRefresh(s, cookie)).toMatchObject({ skipped: 1, refreshed: 0 });
    await s.advance(120);
    expect(await runRefresh(s, cookie)).toMatchObject({ refreshed: 1 });
  });
});

describe('automatic refresh when Meta returns the same token (longLivedReexchange "same")', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ world: smallWorld({}, { longLivedReexchange: 'same' }), env: { SESSION_TTL_HOURS: '2160' } });
  });
  afterAll(() => s.close());

  it('is not a success: needs reconnect, one notification, Active until it really expires', async () => {
    const { cookie, profile } = await connectedProfile(s, 'Same A');
    await s.advance(53 * 86_400);
    expect(await runRefresh(s, cookie)).toEqual({ checked: 1, refreshed: 0, notExtended: 1, failed: 0, skipped: 0 });
    expect(await runRefresh(s, cookie)).toMatchObject({ checked: 0, notExtended: 0 });
    const after = ((await (await s.request(`/api/meta-users/${profile.id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
    expect(after).toMatchObject({ status: 'active', needsReconnect: true });
    const notes = ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Array<{ type: string; message: string }> }).notifications;
    expect(notes).toHaveLength(1);
    // Issue 9 folded token_not_extended into token_expiring (one warning per token and expiry date).
    expect(notes[0]!.type).toBe('token_expiring');
    expect(notes[0]!.message).toMatch(/^Meta token expiring — Reconnect your Meta profile by \d+ \w+ \d{4}$/);
    await s.advance(8 * 86_400);
    await s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId: profile.id, path: '/me' } });
    expect(((await (await s.request(`/api/meta-users/${profile.id}`, { cookie })).json()) as { metaUser: Profile }).metaUser.status).toBe('expired');
  });
});

describe('several workers refreshing at once', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
  });
  afterAll(() => s.close());

  it('exchanges each due token exactly once', async () => {
    const admin = await s.signIn({ workspace: 'Workers', role: 'admin' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    await s.advance(54 * 86_400);
    // A second process: its own database handle (its own pool on PostgreSQL) and Graph client.
    const second = s.database.url ? await openDatabase({ databaseUrl: s.database.url, poolSize: 4 }) : s.database;
    const other = composeApplication({ config: s.config, database: second, vault: s.vault, clock: s.clock, logger: memoryLogger().logger, meta: s.meta, random: () => 0 });
    const before = (await calls(s)).length;
    const [a, b] = await Promise.all([s.application.tokens.refreshDue(), other.tokens.refreshDue()]);
    expect(a.refreshed + b.refreshed).toBe(2);
    expect(a.skipped + b.skipped + a.refreshed + b.refreshed).toBe(a.checked + b.checked);
    const exchanges = (await calls(s)).slice(before).filter((c) => c.path === '/oauth/access_token');
    expect(exchanges).toHaveLength(2);
    await other.close();
    if (second !== s.database) await second.close();
  });
});
