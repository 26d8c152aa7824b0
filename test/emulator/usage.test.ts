import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { Emu, USERS, errorOf, testWorld } from './helpers.ts';

let running: RunningEmulator;
let emu: Emu;

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
});

const header = (h: Headers, name: string): Record<string, unknown> => JSON.parse(h.get(name) ?? 'null') as Record<string, unknown>;
type Buc = Record<string, Array<Record<string, unknown>>>;

describe('usage headers', () => {
  it('X-App-Usage on every response; business use case headers on ad account and business calls', async () => {
    await emu.control('POST', '/limits', { appCallsPerHour: 100, adAccountCallsPerHour: 10 });
    const token = await emu.mint(USERS.giulia.id);
    const me = await emu.get('/me', token);
    expect(header(me.headers, 'x-app-usage')).toEqual({ call_count: 1, total_cputime: 1, total_time: 1 });
    expect(me.headers.get('x-business-use-case-usage')).toBeNull();
    const acc = await emu.get('/act_1/campaigns', token);
    expect(header(acc.headers, 'x-app-usage')).toMatchObject({ call_count: 2 });
    const buc = header(acc.headers, 'x-business-use-case-usage') as Buc;
    expect(buc['1']?.[0]).toMatchObject({ type: 'ads_management', call_count: 10, estimated_time_to_regain_access: 0 });
    expect(header(acc.headers, 'x-ad-account-usage')).toMatchObject({ acc_id_util_pct: 10 });
    const insights = await emu.get('/act_1/insights', token);
    expect((header(insights.headers, 'x-business-use-case-usage') as Buc)['1']?.[0]).toMatchObject({ type: 'ads_insights', call_count: 10 });
    const biz = await emu.get('/200001/owned_pages', token);
    expect(Object.keys(header(biz.headers, 'x-business-use-case-usage'))).toEqual(['200001']);
    const dialog = await fetch(`${running.url}/dialog/oauth?client_id=nope`);
    expect(dialog.headers.get('x-app-usage')).not.toBeNull();
    const error = await emu.get('/me', 'EAAbroken');
    expect(error.headers.get('x-app-usage')).not.toBeNull();
  });
});

describe('throttling over a rolling hour of the virtual clock', () => {
  it('ad account limit: 80004 for management, 80000 for insights, with an estimate in minutes, regained as the hour rolls', async () => {
    await emu.control('POST', '/limits', { adAccountCallsPerHour: 3 });
    const token = await emu.mint(USERS.giulia.id);
    for (let i = 0; i < 3; i++) {
      expect((await emu.get('/act_1/campaigns', token)).status).toBe(200);
      await emu.advance(10 * 60);
    }
    const blocked = await emu.get('/act_1/campaigns', token);
    expect(blocked.status).toBe(400);
    expect(errorOf(blocked)).toMatchObject({ code: 80004, error_subcode: 2446079, type: 'OAuthException' });
    expect((blocked.body as { error: { is_transient: boolean } }).error.is_transient).toBe(true);
    const buc = header(blocked.headers, 'x-business-use-case-usage') as Buc;
    expect(buc['1']?.[0]).toMatchObject({ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 30 });
    // Insights are their own use case; another account is not affected.
    expect((await emu.get('/act_1/insights', token)).status).toBe(200);
    expect((await emu.get('/act_2/campaigns', token)).status).toBe(200);
    for (let i = 0; i < 2; i++) await emu.get('/act_1/insights', token);
    expect(errorOf(await emu.get('/act_1/insights', token))).toMatchObject({ code: 80000 });
    await emu.advance(30 * 60);
    expect((await emu.get('/act_1/campaigns', token)).status).toBe(200);
  });

  it('user limit: 17; app limit: 4', async () => {
    await emu.control('POST', '/limits', { userCallsPerHour: 2, appCallsPerHour: 4 });
    const giulia = await emu.mint(USERS.giulia.id);
    const marco = await emu.mint(USERS.marco.id);
    await emu.get('/me', giulia);
    await emu.get('/me', giulia);
    const user = await emu.get('/me', giulia);
    expect(errorOf(user)).toMatchObject({ code: 17, message: '(#17) User request limit reached' });
    await emu.get('/me', marco);
    await emu.get('/me', marco);
    const app = await emu.get('/me', await emu.mint(USERS.emma.id));
    expect(app.status).toBe(400);
    expect(errorOf(app)).toMatchObject({ code: 4, message: '(#4) Application request limit reached' });
    expect(header(app.headers, 'x-app-usage')).toMatchObject({ call_count: 100 });
    await emu.advance(3600);
    expect((await emu.get('/me', giulia)).status).toBe(200);
  });

  it('page limit: 80001; business limit: 613', async () => {
    await emu.control('POST', '/limits', { pageCallsPerHour: 1, businessCallsPerHour: 1 });
    const token = await emu.mint(USERS.giulia.id);
    expect((await emu.get('/400001', token)).status).toBe(200);
    expect(errorOf(await emu.get('/400001', token))).toMatchObject({ code: 80001 });
    expect((await emu.get('/200001', token)).status).toBe(200);
    expect(errorOf(await emu.get('/200001/owned_ad_accounts', token))).toMatchObject({ code: 613 });
  });

  it('limits can be read back and reset to defaults', async () => {
    const set = await emu.control('POST', '/limits', { userCallsPerHour: 7, latencyMs: 0 });
    expect(set.body).toMatchObject({ userCallsPerHour: 7 });
    const reset = await emu.control('POST', '/limits', { userCallsPerHour: null });
    expect(reset.body.userCallsPerHour).toBeGreaterThan(1000);
    expect((await emu.control('POST', '/limits', { userCallsPerHour: -1 })).status).toBe(400);
  });

  it('latencyMs delays every Graph call', async () => {
    await emu.control('POST', '/limits', { latencyMs: 150 });
    const token = await emu.mint(USERS.giulia.id);
    const started = performance.now();
    await emu.get('/me', token);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
