import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/queue.ts';
import type { World } from '../../src/emulator/world.ts';
import { USERS, testWorld } from '../emulator/helpers.ts';
import { memoryLogger } from '../helpers/app.ts';
import { countRows, createHarness, graphCalls, permissionsOf, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('permission sync with the emulator', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('maps what each token reaches, storing every asset once per workspace', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const marco = await h.connect({ userId: USERS.marco.id });
    const { status, summary } = await h.runJob('permission-sync');
    expect(status).toBe(200);
    expect(summary).toMatchObject({ tokens: 2, failedTokens: 0, adAccounts: { added: 5, removed: 0 }, pages: { added: 1, removed: 0 }, pixelLinks: { added: 2, removed: 0 } });

    // Giulia: BM 200001 owns act_1, act_2 (+ page, pixel, catalog) and has act_4 as a client.
    expect(await permissionsOf(h.database, giulia.id)).toEqual([
      'ad_account:act_1', 'ad_account:act_2', 'ad_account:act_4', 'catalog:600001', 'page:400001', 'pixel:500001', 'pixel:500002',
    ]);
    expect(await permissionsOf(h.database, marco.id)).toEqual(['ad_account:act_2', 'ad_account:act_3']);
    // act_2 is reached by both, stored once.
    expect(await countRows(h.database, 'ad_accounts')).toBe(4);
    const act1 = await sql<{ name: string; business: string | null }>`
      select a.name, b.meta_business_id as business from ad_accounts a left join businesses b on b.id = a.business_id where a.meta_id = 'act_1'`.execute(h.database.db);
    expect(act1.rows).toEqual([{ name: 'Trattoria da Gino', business: '200001' }]);
    // No asset holds a token: no column of the asset tables mentions one.
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name in ('ad_accounts', 'pages', 'pixels', 'catalogs', 'asset_permissions')`.execute(h.database.db);
    expect(columns.rows.filter((c) => /token|secret/.test(c.column_name))).toEqual([]);
    // Business Managers of the profile are kept current.
    const bms = await sql<{ meta_business_id: string }>`
      select b.meta_business_id from meta_user_businesses l join businesses b on b.id = l.business_id where l.profile_id = ${giulia.id}`.execute(h.database.db);
    expect(bms.rows.map((r) => r.meta_business_id)).toEqual(['200001']);
    // Pixel links: act_1 uses 500001, act_4 uses 500002.
    const links = await sql<{ pixel: string; account: string }>`
      select p.meta_id as pixel, a.meta_id as account from pixel_ad_accounts l join pixels p on p.id = l.pixel_id join ad_accounts a on a.id = l.ad_account_id order by 1`.execute(h.database.db);
    expect(links.rows).toEqual([{ pixel: '500001', account: 'act_1' }, { pixel: '500002', account: 'act_4' }]);
  });

  it('writes nothing when the world did not change', async () => {
    await h.connect({ userId: USERS.giulia.id });
    await h.connect({ userId: USERS.marco.id });
    await h.connect({ systemUserId: '300001' });
    await h.runJob('permission-sync');
    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({
      tokens: 3, failedTokens: 0, rowsWritten: 0,
      adAccounts: { added: 0, removed: 0, changed: 0 }, pages: { added: 0, removed: 0, changed: 0 },
      pixels: { added: 0, removed: 0, changed: 0 }, catalogs: { added: 0, removed: 0, changed: 0 }, pixelLinks: { added: 0, removed: 0 },
    });
  });

  it('shows a Business Manager admin revoking and granting access on Meta after the next run', async () => {
    const marco = await h.connect({ userId: USERS.marco.id });
    await h.runJob('permission-sync');
    expect(await permissionsOf(h.database, marco.id)).toEqual(['ad_account:act_2', 'ad_account:act_3']);

    expect((await h.emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_3', grant: false })).status).toBe(200);
    expect((await h.emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_1', grant: true })).status).toBe(200);
    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({ adAccounts: { added: 1, removed: 1 } });
    expect(await permissionsOf(h.database, marco.id)).toEqual(['ad_account:act_1', 'ad_account:act_2', 'pixel:500001']);
    // The asset stays (history), only the permission went.
    expect(await countRows(h.database, 'ad_accounts')).toBe(3);
  });

  it('gives a System User token the accounts of its Business Manager', async () => {
    const system = await h.connect({ systemUserId: '300001' });
    await h.runJob('permission-sync');
    expect(await permissionsOf(h.database, system.id)).toEqual(['ad_account:act_1', 'page:400001', 'pixel:500001']);
    // The BM assigns it another of its accounts: it follows.
    await h.emu.control('POST', '/access', { systemUserId: '300001', object: 'act_2', grant: true });
    await h.runJob('permission-sync');
    expect(await permissionsOf(h.database, system.id)).toEqual(['ad_account:act_1', 'ad_account:act_2', 'page:400001', 'pixel:500001']);
    const bms = await sql<{ meta_business_id: string }>`
      select b.meta_business_id from meta_user_businesses l join businesses b on b.id = l.business_id where l.profile_id = ${system.id}`.execute(h.database.db);
    expect(bms.rows.map((r) => r.meta_business_id)).toEqual(['200001']);
  });

  it('drops the permissions of profiles that are not Active, keeping the assets', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const marco = await h.connect({ userId: USERS.marco.id });
    await h.runJob('permission-sync');
    await h.setStatus(marco.id, 'expired');
    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({ tokens: 1, revokedTokens: 1, adAccounts: { removed: 2 } });
    expect(await permissionsOf(h.database, marco.id)).toEqual([]);
    expect(await permissionsOf(h.database, giulia.id)).toHaveLength(7);
    expect(await countRows(h.database, 'ad_accounts')).toBe(4);
    // revokeProfile does the same on demand, and leaves an Active profile alone.
    await h.assets.revokeProfile(giulia.id);
    expect(await permissionsOf(h.database, giulia.id)).toHaveLength(7);
  });

  it('keeps syncing the other tokens when one fails, and verifies a token that answers 190', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const marco = await h.connect({ userId: USERS.marco.id });
    const emma = await h.connect({ userId: USERS.emma.id });
    await h.runJob('permission-sync');
    // Emma's calls fail with 500s, code 1 (transient: retried, then given up); Marco changed his password on Meta.
    await h.emu.control('POST', '/faults', { match: { path: '^/me/adaccounts$', userId: USERS.emma.id }, respond: { status: 500, body: { error: { message: 'boom', code: 1, type: 'OAuthException' } } } });
    await h.emu.control('POST', `/users/${USERS.marco.id}/change-password`, {});
    await h.emu.control('POST', '/access', { userId: USERS.giulia.id, object: 'act_3', grant: true });

    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({ tokens: 1, failedTokens: 2, revokedTokens: 1, adAccounts: { added: 1, removed: 2 } });
    const failures = summary.failures as Array<{ profileId: string; category: string }>;
    expect(failures.map((f) => [f.profileId, f.category]).sort()).toEqual([[emma.id, 'transient'], [marco.id, 'token_expired']].sort());
    // Giulia synced; Emma's permissions untouched by her failure; Marco confirmed expired by GET /me.
    expect(await permissionsOf(h.database, giulia.id)).toContain('ad_account:act_3');
    expect(await permissionsOf(h.database, emma.id)).toEqual(['ad_account:act_4', 'page:400002', 'pixel:500002']);
    const status = await sql<{ status: string }>`select status from meta_users where id = ${marco.id}`.execute(h.database.db);
    expect(status.rows[0]?.status).toBe('expired');
    expect(await permissionsOf(h.database, marco.id)).toEqual([]);
    const calls = await graphCalls(h.emu);
    expect(calls.some((c) => c.path === '/me' && c.userId === USERS.marco.id && c.status === 400)).toBe(true);
  });

  it('follows a pixel moved from one ad account to another', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    await h.runJob('permission-sync');
    // Meta-side change: the pixel of act_1 is now used by act_2. Replacing the world resets the
    // emulator's tokens, so the stored token is swapped for a fresh one of the same person.
    const world = testWorld();
    world.adAccounts = world.adAccounts.map((a) => (a.id === 'act_1' ? { ...a, pixels: [] } : a.id === 'act_2' ? { ...a, pixels: ['500001'] } : a));
    await h.emu.control('PUT', '/world', world);
    await h.reconnect(giulia, USERS.giulia.id);
    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({ pixelLinks: { added: 1, removed: 1 }, failedTokens: 0 });
    const links = await sql<{ pixel: string; account: string }>`
      select p.meta_id as pixel, a.meta_id as account from pixel_ad_accounts l join pixels p on p.id = l.pixel_id join ad_accounts a on a.id = l.ad_account_id order by 1`.execute(h.database.db);
    expect(links.rows).toEqual([{ pixel: '500001', account: 'act_2' }, { pixel: '500002', account: 'act_4' }]);
  });
});

describe('discovery over many pages', () => {
  function bigWorld(): World {
    const world = testWorld();
    for (let i = 0; i < 1_150; i++) world.adAccounts.push({ id: `act_9${String(i).padStart(5, '0')}`, name: `Bulk ${i}`, business: '200001', users: [], systemUsers: [], pixels: [] });
    for (let i = 0; i < 520; i++) world.pages.push({ id: `49${String(i).padStart(5, '0')}`, name: `Page ${i}`, business: '200001', users: [USERS.giulia.id], systemUsers: [] });
    return world;
  }

  beforeEach(async () => {
    h = await createHarness({ world: bigWorld() });
  });

  it('follows every page of every edge with big pages and only the fields used', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const { summary } = await h.runJob('permission-sync');
    expect(summary).toMatchObject({ tokens: 1, failedTokens: 0, adAccounts: { added: 1_153 }, pages: { added: 521 } });
    expect(await countRows(h.database, 'ad_accounts')).toBe(1_153);
    expect((await permissionsOf(h.database, giulia.id)).filter((p) => p.startsWith('page:'))).toHaveLength(521);
    const calls = await graphCalls(h.emu);
    const count = (path: string) => calls.filter((c) => c.path === path).length;
    // 500 per page: 1,153 accounts are 3 pages, 521 pages 2.
    expect(count('/me/adaccounts')).toBe(3);
    expect(count('/200001/owned_ad_accounts')).toBe(3);
    expect(count('/me/accounts')).toBe(2);
    expect(count('/me/businesses')).toBe(1);
    // Each ad account's pixels read once.
    expect(calls.filter((c) => /^\/act_\d+\/adspixels$/.test(c.path))).toHaveLength(1_153);
    expect(calls.every((c) => c.status === 200)).toBe(true);
  });
});

describe('the scheduled run', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('enqueues one job per Active token spread over the window, once per window', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const marco = await h.connect({ userId: USERS.marco.id });
    const emma = await h.connect({ userId: USERS.emma.id });
    await h.setStatus(emma.id, 'inactive');
    const queue = createJobQueue({ database: h.database, clock: h.clock, logger: memoryLogger().logger, jobs: h.assets.jobs, scheduleTimeZone: 'UTC' });
    await queue.start({ work: false, schedule: false });
    try {
      h.deps.queue = queue;
      const sweep = h.assets.jobs.find((j) => j.name === 'permission-sync')!;
      const context = { trigger: 'schedule' as const, logger: memoryLogger().logger };
      const first = (await sweep.handler({} as never, context)) as Record<string, unknown>;
      expect(first).toMatchObject({ tokens: 2, enqueued: 2 });
      const second = (await sweep.handler({} as never, context)) as Record<string, unknown>;
      expect(second).toMatchObject({ enqueued: 0 });
      const jobs = await h.database.executeSql(
        `select data, extract(epoch from (start_after - created_on))::int as delay from pgboss.job where name = 'permission-sync-token' order by data->>'profileId'`,
      );
      const ids = jobs.rows.map((row) => (row.data as { profileId: string }).profileId);
      expect(ids).toEqual([giulia.id, marco.id].sort());
      for (const row of jobs.rows) {
        expect(row.delay as number).toBeGreaterThanOrEqual(0);
        expect(row.delay as number).toBeLessThan(11 * 3600 + 5);
      }
      // Nothing synced yet: the work happens in the per-token jobs.
      expect(await countRows(h.database, 'asset_permissions')).toBe(0);
      const perToken = h.assets.jobs.find((j) => j.name === 'permission-sync-token')!;
      const result = (await perToken.handler({ profileId: marco.id } as never, { trigger: 'queue', logger: memoryLogger().logger })) as Record<string, unknown>;
      expect(result).toMatchObject({ tokens: 1, adAccounts: { added: 2 } });
      expect(await permissionsOf(h.database, marco.id)).toEqual(['ad_account:act_2', 'ad_account:act_3']);
    } finally {
      await queue.stop(1000);
    }
  });

  it('reads each shared account\'s pixels once: a single-profile sync leaves them to the earlier holder', async () => {
    const giulia = await h.connect({ userId: USERS.giulia.id });
    const system = await h.connect({ systemUserId: '300001' });
    await h.runJob('permission-sync');
    // Both reach act_1; the profile with the larger id leaves its adspixels to the other one.
    const [first, second] = [giulia, system].sort((a, b) => (a.id < b.id ? -1 : 1));
    const before = (await graphCalls(h.emu)).length;
    await h.assets.syncProfile(second!.id);
    const secondCalls = (await graphCalls(h.emu)).slice(before).filter((c) => c.path === '/act_1/adspixels');
    expect(secondCalls).toEqual([]);
    // …and still holds the pixel act_1 uses, from the stored links.
    expect(await permissionsOf(h.database, second!.id)).toContain('pixel:500001');
    const mid = (await graphCalls(h.emu)).length;
    await h.assets.syncProfile(first!.id);
    expect((await graphCalls(h.emu)).slice(mid).filter((c) => c.path === '/act_1/adspixels')).toHaveLength(1);
  });

  it('follows the token lifecycle events: connect syncs, a token no longer Active loses its permissions', async () => {
    const marco = await h.connect({ userId: USERS.marco.id });
    await h.assets.onTokenEvent({ type: 'connected', metaUser: marco, notificationIds: [] });
    expect(await permissionsOf(h.database, marco.id)).toEqual(['ad_account:act_2', 'ad_account:act_3']);
    await h.setStatus(marco.id, 'expired');
    await h.assets.onTokenEvent({ type: 'status_changed', metaUser: { ...marco, status: 'expired' }, from: 'active', to: 'expired', notificationIds: [] });
    expect(await permissionsOf(h.database, marco.id)).toEqual([]);
    expect(await countRows(h.database, 'asset_permission_lapses')).toBe(2);
  });

  it('syncs one profile right after a connect', async () => {
    const system = await h.connect({ systemUserId: '300002' });
    const summary = await h.assets.syncProfile(system.id);
    expect(summary).toMatchObject({ tokens: 1, failedTokens: 0, adAccounts: { added: 1 } });
    expect(await permissionsOf(h.database, system.id)).toEqual(['ad_account:act_4', 'pixel:500002']);
  });
});
