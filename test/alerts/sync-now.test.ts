import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssets } from '../../src/assets/index.ts';
import { createApp } from '../../src/http/app.ts';
import { profileSyncRoutes } from '../../src/http/routes/profile-sync.ts';
import { claimProfileSync } from '../../src/tokens/sync-now.queries.ts';
import { memoryLogger, PUBLIC_URL } from '../helpers/app.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

type Call = { method: string; path: string; userId?: string };
type SyncAnswer = {
  sync: { verification: string; refresh: string; status: string; assets: { tokens: number; adAccounts: { added: number } } | null; assetsSkipped: string | null };
  metaUser: { id: string; status: string; expiresAt: string };
};

describe('Sync now (POST /api/meta-users/{id}/sync)', () => {
  let s: TestService;
  let request: TestService['request'];
  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
    // The service's own routes, plus "Sync now" wired to the assets area as the composition root will.
    const { tokens, graph } = s.application;
    const assets = createAssets({ db: s.database.db, vault: s.vault, graph, clock: s.clock, logger: memoryLogger().logger, verifier: tokens.verifier });
    const app = createApp({
      config: s.config,
      database: s.database,
      clock: s.clock,
      logger: memoryLogger().logger,
      registry: new Registry(),
      queue: s.queue,
      routes: [profileSyncRoutes({ db: s.database.db, clock: s.clock, logger: memoryLogger().logger, tokens, syncProfile: (id) => assets.syncProfile(id) }), ...s.application.routes],
    });
    request = (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.cookie) headers.set('cookie', init.cookie);
      if (init.method && init.method !== 'GET') headers.set('origin', PUBLIC_URL);
      return Promise.resolve(app.request(`${PUBLIC_URL}${path}`, { ...init, headers }));
    };
  });
  afterAll(() => s.close());

  const calls = async () => ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls;

  it('verifies, refreshes when due, re-syncs this profile only, at most once a minute', async () => {
    const person = await s.signIn({ workspace: 'Sync now', role: 'admin', locale: 'en' });
    await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(person.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Array<{ id: string; metaId: string }> };
    const giulia = metaUsers.find((m) => m.metaId === '10001')!.id;

    const before = (await calls()).length;
    const first = await request(`/api/meta-users/${giulia}/sync`, { method: 'POST', cookie: person.cookie });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as SyncAnswer;
    expect(answer.sync).toMatchObject({ verification: 'valid', refresh: 'not_due', status: 'active', assetsSkipped: null });
    expect(answer.sync.assets).toMatchObject({ tokens: 1 });
    expect(answer.metaUser.id).toBe(giulia);
    const made = (await calls()).slice(before);
    expect(made.length).toBeGreaterThan(1);
    expect(made.map((c) => c.path)).toContain('/me');
    // Only Giulia's token was used: Mark's profile was left alone.
    expect(new Set(made.map((c) => c.userId).filter(Boolean))).toEqual(new Set(['10001']));
    const accounts = await s.database.db.selectFrom('ad_accounts').select('meta_id').where('workspace_id', '=', person.workspaceId).execute();
    expect(accounts.map((a) => a.meta_id)).toContain('act_40001');

    // Again within the minute: 429 with Retry-After, and nothing is called.
    await s.advance(20);
    const again = await request(`/api/meta-users/${giulia}/sync`, { method: 'POST', cookie: person.cookie });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('40');
    expect(await again.json()).toMatchObject({ error: { code: 'sync_rate_limited', retryAfterSeconds: 40 } });
    const last = (await (await request(`/api/meta-users/${giulia}/sync`, { cookie: person.cookie })).json()) as { lastSync: { summary: { verification: string } }; nextAllowedAt: string };
    expect(last.lastSync.summary.verification).toBe('valid');
    expect(Date.parse(last.nextAllowedAt)).toBe(s.clock.now() + 40_000);

    // Day 54: due, so it is refreshed too.
    await s.advance(54 * 86_400);
    const due = (await (await request(`/api/meta-users/${giulia}/sync`, { method: 'POST', cookie: person.cookie })).json()) as SyncAnswer;
    expect(due.sync).toMatchObject({ verification: 'valid', refresh: 'refreshed', status: 'active' });
    expect(Date.parse(due.metaUser.expiresAt) - s.clock.now()).toBeGreaterThan(55 * 86_400_000);
  });

  it('an invalid token found by Sync now: Expired, notified, no asset sync', async () => {
    const person = await s.signIn({ workspace: 'Sync broken', role: 'admin', locale: 'it' });
    await s.connect(person.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Array<{ id: string }> };
    await s.control('POST', '/__control/users/10002/change-password');
    const answer = (await (await request(`/api/meta-users/${metaUsers[0]!.id}/sync`, { method: 'POST', cookie: person.cookie })).json()) as SyncAnswer;
    expect(answer.sync).toMatchObject({ verification: 'expired', refresh: 'skipped', status: 'expired', assets: null, assetsSkipped: 'token_not_active' });
    const notes = (await (await s.request('/api/notifications', { cookie: person.cookie })).json()) as { notifications: Array<{ message: string }> };
    expect(notes.notifications.map((n) => n.message)).toEqual(['Token Meta scaduto — Riconnetti il profilo Meta']);
    expect((await request(`/api/meta-users/00000000-0000-4000-8000-000000000000/sync`, { method: 'POST', cookie: person.cookie })).status).toBe(404);
  });

  it('several processes agree through the database: of two claims at once, one wins', async () => {
    const person = await s.signIn({ workspace: 'Sync race', role: 'admin' });
    await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Array<{ id: string }> };
    const now = new Date(s.clock.now());
    const results = await Promise.all(Array.from({ length: 4 }, () => claimProfileSync(s.database.db, metaUsers[0]!.id, null, now, 60_000)));
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
    expect(results.filter((r) => r?.retryAt.getTime() === now.getTime() + 60_000)).toHaveLength(3);
  });
});
