import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { Emu, USERS, errorOf, testWorld, type Body } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;
type List = { data: Body[]; paging?: Body };

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  await emu.control('POST', '/clock', { now: '2026-03-15T10:00:00Z' });
});

const ids = (r: { body: List }): unknown[] => r.body.data.map((d) => d.id);

describe('discovery as a Business Manager admin', () => {
  it('lists businesses, ad accounts (owned and client), pages with tokens, with and without a version prefix', async () => {
    const token = await emu.mint(USERS.giulia.id);
    expect(ids(await emu.get<List>('/me/businesses', token))).toEqual(['200001']);
    expect(ids(await emu.get<List>(`/${DEFAULT_GRAPH_VERSION}/me/adaccounts`, token))).toEqual(['act_1', 'act_2', 'act_4']);
    const accounts = await emu.get<List>('/me/accounts', token);
    expect(ids(accounts)).toEqual(['400001']);
    expect(accounts.body.data[0]).toMatchObject({ name: 'Trattoria da Gino', tasks: expect.arrayContaining(['MANAGE', 'ADVERTISE']) });
    expect(String(accounts.body.data[0]?.access_token)).toMatch(/^EAA/);
  });

  it('walks the business edges', async () => {
    const token = await emu.mint(USERS.giulia.id);
    expect(ids(await emu.get<List>('/200001/owned_ad_accounts', token))).toEqual(['act_1', 'act_2']);
    expect(ids(await emu.get<List>('/200001/client_ad_accounts', token))).toEqual(['act_4']);
    expect(ids(await emu.get<List>('/200001/owned_pages', token))).toEqual(['400001']);
    expect(ids(await emu.get<List>('/200001/owned_pixels', token))).toEqual(['500001']);
    expect(ids(await emu.get<List>('/200001/owned_product_catalogs', token))).toEqual(['600001']);
    const sys = await emu.get<List>('/200001/system_users', token);
    expect(sys.body.data).toEqual([{ id: '300001', name: 'Aurora Sync', role: 'ADMIN' }]);
  });

  it('walks the ad account edges and honours fields=', async () => {
    const token = await emu.mint(USERS.giulia.id);
    expect(ids(await emu.get<List>('/act_1/adspixels', token))).toEqual(['500001']);
    const campaigns = await emu.get<List>('/act_1/campaigns', token, { fields: 'name,status' });
    expect(campaigns.body.data).toEqual([
      { name: 'Pranzo di lavoro', status: 'ACTIVE', id: '700001' },
      { name: 'Cena romantica', status: 'PAUSED', id: '700002' },
    ]);
    const account = await emu.get('/act_1', token, { fields: 'id,name,account_id,currency,business{name}' });
    expect(account.body).toEqual({ id: 'act_1', name: 'Trattoria da Gino', account_id: '1', currency: 'EUR', business: { name: 'Agenzia Aurora', id: '200001' } });
    const me = await emu.get('/me', token, { fields: 'id,name,email' });
    expect(me.body).toEqual({ id: USERS.giulia.id, name: USERS.giulia.name, email: USERS.giulia.email });
  });

  it('answers daily insights deterministically', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const params = { level: 'campaign', fields: 'campaign_id,spend,impressions,clicks', time_range: JSON.stringify({ since: '2026-03-01', until: '2026-03-03' }), time_increment: '1' };
    const a = await emu.get<List>('/act_1/insights', token, params);
    const b = await emu.get<List>('/act_1/insights', token, params);
    expect(a.status).toBe(200);
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.data).toHaveLength(6);
    const row = a.body.data[0]!;
    expect(row).toMatchObject({ campaign_id: '700001', date_start: '2026-03-01', date_stop: '2026-03-01' });
    expect(row.spend).toMatch(/^\d+\.\d\d$/);
    expect(row.impressions).toMatch(/^\d+$/);
    const total = await emu.get<List>('/act_1/insights', token, { level: 'account', fields: 'impressions', time_range: JSON.stringify({ since: '2026-03-01', until: '2026-03-03' }) });
    const sum = a.body.data.reduce((acc, r) => acc + Number(r.impressions), 0);
    expect(total.body.data).toEqual([{ impressions: String(sum), date_start: '2026-03-01', date_stop: '2026-03-03' }]);
    const preset = await emu.get<List>('/act_1/insights', token, { time_increment: '1' });
    expect(preset.body.data).toHaveLength(25); // last_30d, one page of 25
    expect(preset.body.data[0]).toMatchObject({ date_start: '2026-02-13' });
  });

  it('pauses and resumes a campaign', async () => {
    const token = await emu.mint(USERS.giulia.id);
    expect((await emu.post(`/${DEFAULT_GRAPH_VERSION}/700001`, { status: 'PAUSED' }, token)).body).toEqual({ success: true });
    expect((await emu.get('/700001', token, { fields: 'status' })).body).toEqual({ status: 'PAUSED', id: '700001' });
    expect((await emu.post('/700001', { status: 'ACTIVE' }, token)).body).toEqual({ success: true });
    const bad = await emu.post('/700001', { status: 'SLEEPING' }, token);
    expect(errorOf(bad)).toMatchObject({ code: 100 });
  });
});

describe('access rules', () => {
  it('a person with direct roles sees only those assets', async () => {
    const token = await emu.mint(USERS.marco.id);
    expect(ids(await emu.get<List>('/me/adaccounts', token))).toEqual(['act_2', 'act_3']);
    expect((await emu.get<List>('/me/businesses', token)).body.data).toEqual([]);
    const hidden = await emu.get('/act_1', token);
    expect(hidden.status).toBe(400);
    expect(errorOf(hidden)).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(errorOf(hidden).message).toContain("Object with ID 'act_1' does not exist, cannot be loaded due to missing permissions");
    const biz = await emu.get('/200001/owned_ad_accounts', token);
    expect(errorOf(biz)).toMatchObject({ code: 100, error_subcode: 33 });
    const campaign = await emu.post('/700001', { status: 'PAUSED' }, token);
    expect(errorOf(campaign)).toMatchObject({ code: 100, error_subcode: 33 });
    expect(errorOf(await emu.get('/act_1/insights', token))).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('needs the right permission: 200 for ads, business and pages, 10 for /me/adaccounts', async () => {
    const readOnly = await emu.mint(USERS.giulia.id, ['email']);
    const insights = await emu.get('/act_1/insights', readOnly);
    expect(insights.status).toBe(403);
    expect(errorOf(insights)).toMatchObject({ code: 200, message: '(#200) Ad account owner has NOT grant ads_management or ads_read permission' });
    expect(errorOf(await emu.get('/me/businesses', readOnly))).toMatchObject({ code: 200, message: '(#200) Requires business_management permission to manage the object' });
    expect(errorOf(await emu.get('/me/accounts', readOnly))).toMatchObject({ code: 200, message: expect.stringContaining('pages_show_list') });
    const adaccounts = await emu.get('/me/adaccounts', readOnly);
    expect(adaccounts.status).toBe(403);
    expect(errorOf(adaccounts)).toMatchObject({ code: 10 });
    const reader = await emu.mint(USERS.giulia.id, ['ads_read']);
    expect((await emu.get('/act_1/insights', reader)).status).toBe(200);
    const pause = await emu.post('/700001', { status: 'PAUSED' }, reader);
    expect(pause.status).toBe(403);
    expect(errorOf(pause)).toMatchObject({ code: 200, message: '(#200) Requires ads_management permission to manage the object' });
  });

  it('a system user sees the assets of its business that were assigned to it', async () => {
    const token = await emu.mintSystem('300001');
    expect((await emu.get('/me', token)).body).toEqual({ name: 'Aurora Sync', id: '300001' });
    expect(ids(await emu.get<List>('/me/adaccounts', token))).toEqual(['act_1']);
    expect(ids(await emu.get<List>('/me/accounts', token))).toEqual(['400001']);
    expect(ids(await emu.get<List>('/me/businesses', token))).toEqual(['200001']);
    expect(ids(await emu.get<List>('/200001/owned_ad_accounts', token))).toEqual(['act_1']);
    expect(errorOf(await emu.get('/act_2', token))).toMatchObject({ code: 100, error_subcode: 33 });
    expect(errorOf(await emu.get('/act_4', token))).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('a Business Manager admin’s change shows at once', async () => {
    const marco = await emu.mint(USERS.marco.id);
    const system = await emu.mintSystem('300001');
    await emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_1', grant: true });
    await emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_3', grant: false });
    await emu.control('POST', '/access', { systemUserId: '300001', object: 'act_2', grant: true });
    expect(ids(await emu.get<List>('/me/adaccounts', marco))).toEqual(['act_1', 'act_2']);
    expect(ids(await emu.get<List>('/me/adaccounts', system))).toEqual(['act_1', 'act_2']);
    const world = await emu.control<{ adAccounts: Array<{ id: string; users: string[] }> }>('GET', '/world');
    expect(world.body.adAccounts.find((a) => a.id === 'act_1')?.users).toContain(USERS.marco.id);
    const unknown = await emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_999', grant: true });
    expect(unknown.status).toBe(404);
  });

  it('rejects unknown edges and deep paths the way Graph does', async () => {
    const token = await emu.mint(USERS.giulia.id);
    expect(errorOf(await emu.get('/me/friends_of_friends', token))).toMatchObject({ code: 100, message: '(#100) Tried accessing nonexisting field (friends_of_friends) on node type (User)' });
    expect(errorOf(await emu.get('/act_1/campaigns/extra', token))).toMatchObject({ code: 2500, message: 'Unknown path components: /extra' });
  });
});
