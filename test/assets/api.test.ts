import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import type { MetaUser } from '../../src/tokens/tokens.queries.ts';
import { USERS, testWorld } from '../emulator/helpers.ts';
import { memoryLogger, signedInMember } from '../helpers/app.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { createHarness, type Harness } from './harness.ts';

type Json = Record<string, unknown>;
interface AccountView extends Json {
  id: string;
  metaId: string;
  profileIds: string[];
  lapsedProfileIds: string[];
  canSync: boolean;
  canManage: boolean;
  blockedReason: string | null;
  lastSyncedAt: string | null;
  lastSyncError: { reason?: string } | null;
}

let h: Harness;
let giulia: MetaUser;
let marco: MetaUser;

beforeEach(async () => {
  // act_3 (Marco's alone) gets a campaign, so it has insights to keep.
  const world = testWorld();
  world.campaigns.push({ id: '700004', adAccount: 'act_3', name: 'Promo personale', status: 'ACTIVE' });
  h = await createHarness({ world });
  giulia = await h.connect({ userId: USERS.giulia.id });
  marco = await h.connect({ userId: USERS.marco.id });
  await h.runJob('permission-sync');
});
afterEach(async () => {
  await h.close();
});

const get = async <T = Json>(path: string, cookie = h.admin.cookie): Promise<{ status: number; body: T }> => {
  const response = await h.testApp.request(path, { cookie });
  return { status: response.status, body: (await response.json()) as T };
};
const accounts = async (cookie?: string) => (await get<{ adAccounts: AccountView[] }>('/api/ad-accounts', cookie)).body.adAccounts;
const account = async (metaId: string) => (await accounts()).find((a) => a.metaId === metaId)!;
const setStatus = async (accountId: string, campaignId: string, status: string, init: { cookie?: string; headers?: Record<string, string> } = { cookie: h.admin.cookie }) => {
  const response = await h.testApp.request(`/api/ad-accounts/${accountId}/campaigns/${campaignId}/status`, { method: 'POST', json: { status }, ...init });
  return { status: response.status, body: (await response.json()) as Json };
};
async function campaignOnMeta(id: string): Promise<string | undefined> {
  const token = await h.emu.mint(USERS.emma.id);
  await h.emu.control('POST', '/access', { userId: USERS.emma.id, object: 'act_1', grant: true });
  const list = await h.emu.get<{ data: Array<{ id: string; status: string }> }>('/act_1/campaigns', token, { fields: 'id,status' });
  return list.body.data.find((c) => c.id === id)?.status;
}
/** Meta invalidates the profile's token; the next Graph call (here the sync) confirms it. */
async function expireOnMeta(userId: string): Promise<void> {
  await h.emu.control('POST', `/users/${userId}/change-password`, {});
  await h.runJob('permission-sync');
}

describe('asset lists', () => {
  it('lists ad accounts with who reaches them and whether they can sync and be managed', async () => {
    const list = await accounts();
    expect(list.map((a) => a.metaId).sort()).toEqual(['act_1', 'act_2', 'act_3', 'act_4']);
    const act2 = list.find((a) => a.metaId === 'act_2')!;
    const bm = await h.database.db.selectFrom('businesses').select('id').where('meta_business_id', '=', '200001').executeTakeFirstOrThrow();
    expect(act2).toMatchObject({ name: 'Moda Milano', businessId: bm.id, canSync: true, canManage: true, blockedReason: null, lastSyncedAt: null });
    expect(act2.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(act2.profileIds.sort()).toEqual([giulia.id, marco.id].sort());
  });

  it('lists pages, pixels with their ad accounts, catalogs, and what one profile reaches', async () => {
    const pages = (await get<{ pages: Json[] }>('/api/pages')).body.pages;
    expect(pages).toEqual([expect.objectContaining({ metaId: '400001', name: 'Trattoria da Gino', profileIds: [giulia.id], blockedReason: null })]);
    const pixels = (await get<{ pixels: Array<Json & { adAccountIds: string[] }> }>('/api/pixels')).body.pixels;
    const act1 = await account('act_1');
    expect(pixels.find((p) => p.metaId === '500001')).toMatchObject({ adAccountIds: [act1.id] });
    expect((await get<{ catalogs: Json[] }>('/api/catalogs')).body.catalogs).toEqual([expect.objectContaining({ metaId: '600001', name: 'Catalogo Moda' })]);

    // One list, paged, by kind then name (the contract of issue 14; it was four lists).
    const mine = await get<{ assets: Json[]; nextCursor: string | null }>(`/api/meta-users/${marco.id}/assets?type=ad_account`);
    expect(mine.status).toBe(200);
    // By name: "Marco personale", "Moda Milano".
    expect(mine.body.assets.map((a) => a.metaId)).toEqual(['act_3', 'act_2']);
    // Marco is Active: nothing stopped; act_3 is his alone, so no one else covers it.
    expect(mine.body.assets[0]).toEqual({ type: 'ad_account', id: expect.any(String), metaId: expect.any(String), name: expect.any(String), tasks: [], coveredBy: null, stops: [] });
    expect(mine.body.nextCursor).toBeNull();
    const theirs = await get<{ assets: Json[] }>(`/api/meta-users/${giulia.id}/assets`);
    expect(theirs.body.assets.filter((a) => a.type === 'page')).toEqual([expect.objectContaining({ metaId: '400001', tasks: expect.arrayContaining(['ADVERTISE']) })]);
    expect(theirs.body.assets.filter((a) => a.type === 'catalog')).toEqual([expect.objectContaining({ metaId: '600001' })]);
    // Meta's user id names the profile too.
    const byMetaId = await get<{ assets: Json[] }>(`/api/meta-users/${marco.metaUserId}/assets?type=ad_account&limit=1`);
    expect(byMetaId.body.assets.map((a) => a.metaId)).toEqual(['act_3']);
  });

  it('keeps workspaces apart: another workspace sees nothing and gets 404 for these ids', async () => {
    const other = await signedInMember(h.testApp, h.database, { workspace: 'Other', role: 'admin' });
    const act1 = await account('act_1');
    expect(await accounts(other.cookie)).toEqual([]);
    expect((await get(`/api/ad-accounts/${act1.id}`, other.cookie)).status).toBe(404);
    expect((await get(`/api/ad-accounts/${act1.id}/insights`, other.cookie)).status).toBe(404);
    expect((await get(`/api/ad-accounts/${act1.id}/campaigns`, other.cookie)).status).toBe(404);
    expect((await get(`/api/meta-users/${giulia.id}/assets`, other.cookie)).status).toBe(404);
    expect((await get('/api/ad-accounts/not-a-uuid')).status).toBe(404);
    // Meta's ids name the same objects, within the caller's workspace only.
    for (const metaForm of ['act_1', '1']) {
      expect((await get<{ adAccount: Json }>(`/api/ad-accounts/${metaForm}`)).body.adAccount.id, metaForm).toBe(act1.id);
      expect((await get(`/api/ad-accounts/${metaForm}`, other.cookie)).status, metaForm).toBe(404);
      expect((await get(`/api/ad-accounts/${metaForm}/campaigns`, other.cookie)).status, metaForm).toBe(404);
    }
    expect((await get(`/api/meta-users/${giulia.metaUserId}/assets`)).status).toBe(200);
    expect((await get(`/api/meta-users/${giulia.metaUserId}/assets`, other.cookie)).status).toBe(404);
    expect((await get('/api/ad-accounts/act_9000000')).status).toBe(404);
    const response = await h.testApp.request('/api/ad-accounts');
    expect(response.status).toBe(401);
  });
});

describe('what an expired token means for the accounts', () => {
  it('blocks the accounts only it reached, keeps usable those another token reaches', async () => {
    await expireOnMeta(USERS.marco.id);
    const act3 = await account('act_3');
    expect(act3).toMatchObject({ canSync: false, canManage: false, blockedReason: 'token_expired', profileIds: [], lapsedProfileIds: [marco.id] });
    const act2 = await account('act_2');
    expect(act2).toMatchObject({ canSync: true, canManage: true, blockedReason: null, profileIds: [giulia.id] });
    // The blocked filter (asked of SQL) agrees with each account's blockedReason (the broker's decision).
    const all = await accounts();
    const blocked = (await get<{ adAccounts: AccountView[] }>('/api/ad-accounts?blocked=true')).body.adAccounts;
    const usable = (await get<{ adAccounts: AccountView[] }>('/api/ad-accounts?blocked=false')).body.adAccounts;
    expect(blocked.map((a) => a.metaId).sort()).toEqual(all.filter((a) => a.blockedReason !== null).map((a) => a.metaId).sort());
    expect(usable.map((a) => a.metaId).sort()).toEqual(all.filter((a) => a.blockedReason === null).map((a) => a.metaId).sort());
    expect(blocked.map((a) => a.metaId)).toContain('act_3');
    // profileId (ours or Meta's) includes what the profile reached until its token lapsed; q matches names.
    expect((await get<{ adAccounts: AccountView[] }>(`/api/ad-accounts?profileId=${USERS.marco.id}`)).body.adAccounts.map((a) => a.metaId).sort()).toEqual(['act_2', 'act_3'].filter((id) => all.some((a) => a.metaId === id && [...a.profileIds, ...a.lapsedProfileIds].includes(marco.id))).sort());
    expect((await get<{ adAccounts: AccountView[] }>('/api/ad-accounts?q=MODA')).body.adAccounts.map((a) => a.name)).toEqual(['Moda Milano']);
    // Paged: one at a time, every account once, in name order.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { adAccounts: AccountView[]; nextCursor: string | null } } = await get(`/api/ad-accounts?limit=1${after ? `&after=${after}` : ''}`);
      seen.push(...page.body.adAccounts.map((a) => a.metaId));
      after = page.body.nextCursor;
    } while (after);
    expect(seen).toEqual(all.map((a) => a.metaId));
  });

  it('stops the data sync of blocked accounts, recording why, and keeps their history readable', async () => {
    const first = await h.runJob('insights-sync');
    expect(first.summary).toMatchObject({ adAccounts: 4, synced: 4, failed: 0 });
    const act3 = await account('act_3');
    expect(act3.lastSyncedAt).not.toBeNull();
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    const weekAgo = new Date(h.clock.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const stored = await get<{ rows: Array<{ date: string; spend: number; impressions: number; clicks: number }> }>(`/api/ad-accounts/${act3.id}/insights?from=${weekAgo}&to=${today}`);
    expect(stored.status).toBe(200);
    // The figures are Meta's: the same as a direct insights call.
    const token = await h.emu.mint(USERS.marco.id);
    const direct = await h.emu.get<{ data: Array<{ date_start: string; spend: string; impressions: string; clicks: string }> }>('/act_3/insights', token, {
      fields: 'spend,impressions,clicks', level: 'account', time_increment: '1', time_range: JSON.stringify({ since: weekAgo, until: today }),
    });
    expect(stored.body.rows).toEqual(direct.body.data.map((r) => ({ date: r.date_start, spend: Number(r.spend), impressions: Number(r.impressions), clicks: Number(r.clicks) })));
    expect(stored.body.rows).toHaveLength(7);
    const before = await sql<{ n: number; last: string }>`select count(*)::int as n, max(synced_at)::text as last from insights_daily i join ad_accounts a on a.id = i.ad_account_id where a.meta_id = 'act_3'`.execute(h.database.db);

    await expireOnMeta(USERS.marco.id);
    h.clock.advance(3_600_000);
    const second = await h.runJob('insights-sync');
    expect(second.summary).toMatchObject({ synced: 3, skipped: { token_expired: 1 } });
    const blocked = await account('act_3');
    expect(blocked.lastSyncError).toMatchObject({ code: 'token_unavailable', reason: 'token_expired' });
    expect(blocked.lastSyncedAt).toBe(act3.lastSyncedAt);
    const after = await sql<{ n: number; last: string }>`select count(*)::int as n, max(synced_at)::text as last from insights_daily i join ad_accounts a on a.id = i.ad_account_id where a.meta_id = 'act_3'`.execute(h.database.db);
    expect(after.rows).toEqual(before.rows);
    const readable = await get<{ rows: unknown[] }>(`/api/ad-accounts/${act3.id}/insights?from=${weekAgo}&to=${today}`);
    expect(readable.body.rows).toEqual(stored.body.rows);
  });

  it('refuses campaign actions with 409 while no healthy token may manage, and allows them again after reconnect', async () => {
    await h.runJob('insights-sync');
    const act1 = await account('act_1');
    const campaigns = (await get<{ campaigns: Array<{ id: string; metaId: string; status: string }> }>(`/api/ad-accounts/${act1.id}/campaigns`)).body.campaigns;
    expect(campaigns.map((c) => [c.metaId, c.status]).sort()).toEqual([['700001', 'ACTIVE'], ['700002', 'PAUSED']]);
    const lunch = campaigns.find((c) => c.metaId === '700001')!;

    // A member (not an admin) may pause a campaign.
    const member = await signedInMember(h.testApp, h.database, { workspace: 'Acme', role: 'member' });
    const paused = await setStatus(act1.id, lunch.id, 'PAUSED', { cookie: member.cookie });
    expect(paused.status).toBe(200);
    expect(paused.body.campaign).toMatchObject({ id: lunch.id, metaId: '700001', status: 'PAUSED' });
    expect(await campaignOnMeta('700001')).toBe('PAUSED');

    // Giulia is the only profile reaching act_1; her token expires.
    await expireOnMeta(USERS.giulia.id);
    const refused = await setStatus(act1.id, lunch.id, 'ACTIVE');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'token_unavailable', reason: 'token_expired', message: expect.any(String) } });
    expect(await campaignOnMeta('700001')).toBe('PAUSED');
    await expect(h.assets.assertCanManage(h.admin.workspaceId, act1.id)).rejects.toMatchObject({ reason: 'token_expired' });
    // Campaigns keep their state on Meta and stay readable here.
    expect((await get<{ campaigns: unknown[]; blockedReason: string }>(`/api/ad-accounts/${act1.id}/campaigns`)).body).toMatchObject({ blockedReason: 'token_expired' });

    await h.reconnect(giulia, USERS.giulia.id);
    // A launcher's key needs the scope to change campaigns; without it, 403 and nothing changes.
    const { key: readOnly } = await createApiKey(h.database.db, { workspace: 'Acme', name: 'reports' });
    expect((await setStatus(act1.id, lunch.id, 'ACTIVE', { headers: { authorization: `Bearer ${readOnly}` } })).body).toMatchObject({ error: { code: 'scope_missing', scope: 'campaigns:manage' } });
    const { key } = await createApiKey(h.database.db, { workspace: 'Acme', name: 'launcher', scopes: ['campaigns:manage', 'read'] });
    const resumed = await setStatus(act1.id, lunch.id, 'ACTIVE', { headers: { authorization: `Bearer ${key}` } });
    expect(resumed.status).toBe(200);
    expect(resumed.body.campaign).toMatchObject({ status: 'ACTIVE' });
    expect(await campaignOnMeta('700001')).toBe('ACTIVE');
    expect((await account('act_1')).blockedReason).toBeNull();
  });

  it('validates the status change', async () => {
    await h.runJob('insights-sync');
    const act1 = await account('act_1');
    const campaigns = (await get<{ campaigns: Array<{ id: string }> }>(`/api/ad-accounts/${act1.id}/campaigns`)).body.campaigns;
    expect((await setStatus(act1.id, campaigns[0]!.id, 'DELETED')).status).toBe(400);
    const act2 = await account('act_2');
    expect((await setStatus(act2.id, campaigns[0]!.id, 'PAUSED')).status).toBe(404);
    // Meta's ids of the account and the campaign reach the same campaign; one of another account's does not.
    for (const accountId of ['act_1', '1']) {
      const response = await setStatus(accountId, '700001', 'PAUSED');
      expect(response.status, accountId).toBe(200);
      expect(response.body).toMatchObject({ campaign: { metaId: '700001', adAccountId: act1.id, status: 'PAUSED' } });
    }
    expect((await setStatus('act_2', '700001', 'PAUSED')).status).toBe(404);
  });
});

describe('the scheduled data sync as one job per ad account', () => {
  it('enqueues each account once a period, at a stable offset inside five sixths of it; each job syncs its account', async () => {
    const queue = createJobQueue({ database: h.database, clock: h.clock, logger: memoryLogger().logger, jobs: h.assets.jobs, scheduleTimeZone: 'UTC' });
    await queue.start({ work: false, schedule: false });
    try {
      h.deps.queue = queue;
      const sweep = h.assets.jobs.find((j) => j.name === 'insights-sync')!;
      const context = { trigger: 'schedule' as const, logger: memoryLogger().logger };
      expect(await sweep.handler({} as never, context)).toEqual({ adAccounts: 4, enqueued: 4 });
      // Run twice in the period (a retry, two schedulers): nothing more is queued.
      expect(await sweep.handler({} as never, context)).toEqual({ adAccounts: 4, enqueued: 0 });
      const jobs = await h.database.executeSql(`select data, extract(epoch from (start_after - created_on))::int as delay from pgboss.job where name = 'insights-sync-account'`);
      expect(jobs.rows).toHaveLength(4);
      for (const row of jobs.rows) {
        expect(row.delay as number).toBeGreaterThanOrEqual(0);
        expect(row.delay as number).toBeLessThanOrEqual(50 * 60);
      }
      // Nothing synced by the sweep itself: the jobs do it, one account each.
      const act2 = await account('act_2');
      expect(act2.lastSyncedAt).toBeNull();
      const perAccount = h.assets.jobs.find((j) => j.name === 'insights-sync-account')!;
      const result = (await perAccount.handler({ adAccountId: act2.id } as never, { trigger: 'queue', logger: memoryLogger().logger })) as Json;
      expect(result).toMatchObject({ adAccounts: 1, synced: 1, failed: 0 });
      expect((await account('act_2')).lastSyncedAt).not.toBeNull();
      expect((await account('act_1')).lastSyncedAt).toBeNull();
      // Meta throttling the account: the job fails so pg-boss retries it later; the reason is recorded.
      await h.emu.control('POST', '/faults', { match: { path: '/act_1/' }, respond: { status: 400, body: { error: { message: 'User request limit reached', type: 'OAuthException', code: 80004, error_subcode: 2446079 } } } });
      const act1 = await account('act_1');
      await expect(perAccount.handler({ adAccountId: act1.id } as never, { trigger: 'queue', logger: memoryLogger().logger })).rejects.toThrow(/retried later/);
      expect((await account('act_1')).lastSyncError).toMatchObject({ code: 'graph_error', category: 'rate_limited' });
      await h.emu.control('DELETE', '/faults');
    } finally {
      await queue.stop(1000);
    }
  });
});

