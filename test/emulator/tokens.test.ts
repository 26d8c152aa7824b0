import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, USERS, errorOf, testWorld } from './helpers.ts';

let running: RunningEmulator;
let emu: Emu;
const DAY = 86_400;

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
});

async function shortToken(): Promise<string> {
  const code = await emu.loginCode(USERS.giulia);
  return String((await emu.exchangeCode(code)).body.access_token);
}

describe('long-lived exchange', () => {
  it('turns a short-lived token into a new ~60-day token', async () => {
    const short = await shortToken();
    const r = await emu.exchangeLong(short);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 5183944 });
    expect(r.body.access_token).not.toBe(short);
    const debug = await emu.debug(String(r.body.access_token));
    const now = Date.parse(String((await emu.control('GET', '/clock')).body.now)) / 1000;
    expect(Number(debug.body.data.expires_at)).toBeCloseTo(now + 5183944, -1);
    expect(debug.body.data.issued_at).toBeTypeOf('number');
  });

  it('re-exchanging a long-lived token extends it by default', async () => {
    const long = String((await emu.exchangeLong(await shortToken())).body.access_token);
    await emu.advance(50 * DAY);
    const r = await emu.exchangeLong(long);
    expect(r.body.access_token).not.toBe(long);
    expect(r.body.expires_in).toBe(5183944);
  });

  it('re-exchanging returns the same token and expiry when the world says "same"', async () => {
    const world = testWorld();
    world.apps[0] = { ...world.apps[0]!, longLivedReexchange: 'same' };
    await emu.control('PUT', '/world', world);
    const long = String((await emu.exchangeLong(await shortToken())).body.access_token);
    await emu.advance(10 * DAY);
    const r = await emu.exchangeLong(long);
    expect(r.body.access_token).toBe(long);
    expect(r.body.expires_in).toBe(5183944 - 10 * DAY);
  });

  it('refuses an expired token with 190/463 and a malformed one with 190', async () => {
    const short = await shortToken();
    await emu.advance(7201);
    const expired = await emu.exchangeLong(short);
    expect(expired.status).toBe(400);
    expect(errorOf(expired)).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
    const garbage = await emu.exchangeLong('EAA' + 'x'.repeat(20));
    expect(errorOf(garbage)).toMatchObject({ code: 190 });
    expect(errorOf(garbage).error_subcode).toBeUndefined();
  });

  it('needs the right client secret', async () => {
    const r = await emu.get('/oauth/access_token', undefined, { grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: 'bad', fb_exchange_token: await shortToken() });
    expect(errorOf(r)).toMatchObject({ code: 1 });
  });
});

describe('app access token and debug_token', () => {
  it('issues the app token through client_credentials', async () => {
    const r = await emu.get('/oauth/access_token', undefined, { grant_type: 'client_credentials', client_id: APP.id, client_secret: APP.secret });
    expect(r.body).toEqual({ access_token: `${APP.id}|${APP.secret}`, token_type: 'bearer' });
  });

  it('describes a user token, with data access 90 days after the dialog login', async () => {
    const loginAt = Date.parse(String((await emu.control('GET', '/clock')).body.now));
    const code = await emu.loginCode(USERS.giulia, ['email', 'ads_read', 'pages_show_list', 'business_management'], ['email', 'ads_read', 'pages_show_list', 'business_management']);
    const token = String((await emu.exchangeCode(code)).body.access_token);
    const { status, body } = await emu.debug(token);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      app_id: APP.id, type: 'USER', application: APP.name, is_valid: true, user_id: USERS.giulia.id,
      data_access_expires_at: Math.floor(loginAt / 1000) + 90 * DAY,
    });
    expect(body.data.scopes).toEqual(expect.arrayContaining(['public_profile', 'email', 'ads_read', 'pages_show_list', 'business_management']));
    expect(body.data.issued_at).toBeUndefined(); // short-lived
    const granular = body.data.granular_scopes as Array<{ scope: string; target_ids?: string[] }>;
    expect(granular.find((g) => g.scope === 'ads_read')?.target_ids).toEqual(['1', '2', '4']);
    expect(granular.find((g) => g.scope === 'pages_show_list')?.target_ids).toEqual(['400001']);
    expect(granular.find((g) => g.scope === 'business_management')?.target_ids).toEqual(['200001']);
  });

  it('describes a system-user token as SYSTEM_USER that never expires', async () => {
    const token = await emu.mintSystem('300001');
    const { body } = await emu.debug(token);
    expect(body.data).toMatchObject({ type: 'SYSTEM_USER', expires_at: 0, data_access_expires_at: 0, is_valid: true, user_id: '300001' });
  });

  it('describes page tokens from /me/accounts as PAGE', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const pages = await emu.get<{ data: Array<{ id: string; access_token: string; tasks: string[] }> }>('/me/accounts', token);
    const page = pages.body.data[0]!;
    expect(page.tasks).toContain('ADVERTISE');
    const { body } = await emu.debug(page.access_token);
    expect(body.data).toMatchObject({ type: 'PAGE', profile_id: page.id, expires_at: 0, is_valid: true });
    const me = await emu.get('/me', page.access_token);
    expect(me.body).toEqual({ name: 'Trattoria da Gino', id: '400001' });
  });

  it('answers is_valid false with an error object for invalid tokens', async () => {
    const token = await emu.mint(USERS.giulia.id, ['ads_read'], 'short');
    await emu.advance(3 * 3600);
    const { status, body } = await emu.debug(token);
    expect(status).toBe(200);
    expect(body.data.is_valid).toBe(false);
    expect(body.data.error).toMatchObject({ code: 190, subcode: 463 });
    const garbage = await emu.debug('EAAnotatoken');
    expect(garbage.body.data).toMatchObject({ is_valid: false, error: { code: 190 } });
  });

  it('requires the app token of the same app', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const wrongSecret = await emu.get('/debug_token', undefined, { input_token: token, access_token: `${APP.id}|nope` });
    expect(errorOf(wrongSecret).code).toBe(190);
    await emu.control('POST', '/apps', { id: '900000000000002', secret: 's2', name: 'Other', redirectUris: [] });
    const otherApp = await emu.get('/debug_token', undefined, { input_token: token, access_token: '900000000000002|s2' });
    expect(errorOf(otherApp)).toMatchObject({ code: 100 });
  });
});

describe('minted tokens', () => {
  it('short and long user tokens carry the scopes and expiry asked for', async () => {
    const now = Date.parse(String((await emu.control('GET', '/clock')).body.now)) / 1000;
    const short = await emu.control<{ access_token: string; expires_at: number }>('POST', '/tokens', { appId: APP.id, userId: USERS.marco.id, kind: 'short', scopes: ['ads_read'] });
    expect(short.status).toBe(201);
    expect(short.body.expires_at - now).toBeGreaterThanOrEqual(3600);
    expect(short.body.expires_at - now).toBeLessThanOrEqual(7200);
    const me = await emu.get('/me', short.body.access_token, { fields: 'id,name,email' });
    expect(me.body).toEqual({ id: USERS.marco.id, name: USERS.marco.name }); // no email permission: no email
  });
});
