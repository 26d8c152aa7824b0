/**
 * System-user tokens that expire (docs/emulator.md, "System-user tokens that expire in 60
 * days"): minted with `expiresInDays: 60`, renewed only with `fb_exchange_token` and
 * `set_token_expires_in_60_days=true` (a new token; the old one lives to its own expiry), lost
 * when not renewed in 60 days, and a Business Integration System User's also through
 * `POST /{client-business-id}/system_user_access_tokens`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP_WITH_CONFIGS, BUSINESS_SCOPES, CONFIGS, DAY, businessToken } from './business-helpers.ts';
import { APP, Emu, USERS, errorOf, proofFor, testWorld, type Body, type JsonResponse } from './helpers.ts';

let running: RunningEmulator;
let emu: Emu;

const T0 = '2026-06-01T10:00:00.000Z';
const T0_S = Date.parse(T0) / 1000;

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  await emu.control('POST', '/clock', { now: T0 });
  await emu.control('POST', '/apps', APP_WITH_CONFIGS);
});

const mint60 = async (scopes = ['ads_read', 'business_management']): Promise<string> => {
  const r = await emu.control<{ access_token: string; expires_at: number }>('POST', '/tokens', { appId: APP.id, systemUserId: '300001', kind: 'system', scopes, expiresInDays: 60 });
  expect(r.status).toBe(201);
  expect(r.body.expires_at).toBe(T0_S + 60 * DAY);
  return r.body.access_token;
};

const renew = (token: string, with60Days = true): Promise<JsonResponse> =>
  emu.get('/oauth/access_token', undefined, {
    grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: APP.secret, fb_exchange_token: token,
    ...(with60Days ? { set_token_expires_in_60_days: 'true' } : {}),
  });

describe('POST /__control/tokens with expiresInDays', () => {
  it('mints a system token that debug_token says expires in 60 days, and dies then with 190/463', async () => {
    const token = await mint60();
    expect((await emu.debug(token)).body.data).toMatchObject({ type: 'SYSTEM_USER', expires_at: T0_S + 60 * DAY, is_valid: true, user_id: '300001' });
    await emu.advance(60 * DAY - 1);
    expect((await emu.get('/me', token)).status).toBe(200);
    await emu.advance(1);
    const dead = await emu.get('/me', token);
    expect(errorOf(dead)).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await emu.debug(token)).body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 463 } });
  });

  it('takes only 60, and only for system tokens', async () => {
    expect((await emu.control('POST', '/tokens', { appId: APP.id, systemUserId: '300001', kind: 'system', scopes: [], expiresInDays: 30 })).status).toBe(400);
    expect((await emu.control('POST', '/tokens', { appId: APP.id, userId: USERS.giulia.id, kind: 'long', scopes: [], expiresInDays: 60 })).status).toBe(400);
    const never = await emu.control<{ expires_at: number }>('POST', '/tokens', { appId: APP.id, systemUserId: '300001', kind: 'system', scopes: [] });
    expect(never.body.expires_at).toBe(0);
  });
});

describe('renewing with fb_exchange_token', () => {
  it('gives a new 60-day token with set_token_expires_in_60_days=true; the old one lives to its own expiry', async () => {
    const old = await mint60();
    await emu.advance(50 * DAY);
    const r = await renew(old);
    expect(r.status).toBe(200);
    const fresh = String(r.body.access_token);
    expect(r.body).toEqual({ access_token: fresh, token_type: 'bearer', expires_in: 60 * DAY });
    expect(fresh).not.toBe(old);
    expect((await emu.debug(fresh)).body.data).toMatchObject({ type: 'SYSTEM_USER', user_id: '300001', expires_at: T0_S + 110 * DAY, scopes: ['ads_read', 'business_management'] });
    expect((await emu.debug(old)).body.data).toMatchObject({ is_valid: true, expires_at: T0_S + 60 * DAY });
    await emu.advance(10 * DAY);
    expect(errorOf(await emu.get('/me', old))).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await emu.get('/me', fresh)).status).toBe(200);
  });

  it('is refused without the parameter, for a token that never expires, and for a token already lost', async () => {
    const token = await mint60();
    const without = await renew(token, false);
    expect(without.status).toBe(400);
    expect(errorOf(without)).toMatchObject({ code: 100, type: 'OAuthException' });
    expect(errorOf(without).message).toContain('set_token_expires_in_60_days=true');
    const never = await emu.mintSystem('300001');
    expect(errorOf(await renew(never))).toMatchObject({ code: 100 });
    await emu.advance(60 * DAY + 1);
    expect(errorOf(await renew(token))).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('renews a 60-day BISU token the same way, for the same system user and business', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' }, CONFIGS.business60.id);
    await emu.advance(55 * DAY);
    const r = await renew(token);
    expect(r.body.expires_in).toBe(60 * DAY);
    const fresh = String(r.body.access_token);
    const me = await emu.get<Body>('/me', fresh, { fields: 'id,client_business_id' });
    expect(me.body).toEqual({ id: (await emu.get<Body>('/me', token)).body.id, client_business_id: '200001' });
    expect((await emu.debug(fresh)).body.data).toMatchObject({ expires_at: T0_S + 115 * DAY, scopes: CONFIGS.business60.permissions });
  });
});

describe('POST /{client-business-id}/system_user_access_tokens', () => {
  const post = (businessId: string, token: string, form: Record<string, string>, proof = true) =>
    emu.fetchJson(`${emu.url}/${businessId}/system_user_access_tokens`, {
      method: 'POST',
      body: new URLSearchParams({ access_token: token, ...(proof ? { appsecret_proof: proofFor(token) } : {}), ...form }),
    });

  it('makes a new 60-day token of the BISU with set_token_expires_in_60_days=true, answering only access_token', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' }, CONFIGS.business60.id);
    await emu.advance(40 * DAY);
    const r = await post('200001', token, { set_token_expires_in_60_days: 'true' });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['access_token']);
    const fresh = String(r.body.access_token);
    expect(fresh).not.toBe(token);
    const bisu = (await emu.get<Body>('/me', token)).body.id;
    expect((await emu.debug(fresh)).body.data).toMatchObject({ type: 'SYSTEM_USER', user_id: bisu, expires_at: T0_S + 100 * DAY, scopes: CONFIGS.business60.permissions });
    expect((await emu.debug(token)).body.data).toMatchObject({ is_valid: true, expires_at: T0_S + 60 * DAY });
  });

  it('without the flag the new token never expires (Meta\'s default); scope narrows; fetch_only hands back the newest token', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001');
    const never = String((await post('200001', token, {})).body.access_token);
    expect((await emu.debug(never)).body.data).toMatchObject({ expires_at: 0, scopes: BUSINESS_SCOPES });
    const narrow = await post('200001', token, { scope: 'ads_read,business_management' });
    expect((await emu.debug(String(narrow.body.access_token))).body.data.scopes).toEqual(['ads_read', 'business_management']);
    expect((await post('200001', token, { fetch_only: 'true' })).body).toEqual({ access_token: narrow.body.access_token });
    expect(errorOf(await post('200001', token, { scope: 'ads_read,not_a_permission' }))).toMatchObject({ code: 3962 });
  });

  it('refuses what Meta would: no appsecret_proof, another business, a token that is not the BISU\'s, without business_management, GET', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001');
    expect(errorOf(await post('200001', token, {}, false))).toMatchObject({ code: 100, message: 'API calls from the server require an appsecret_proof argument' });
    expect(errorOf(await post('200002', token, {}))).toMatchObject({ code: 100, error_subcode: 33 });
    const admin = await emu.mint(USERS.giulia.id);
    expect(errorOf(await post('200001', admin, {}))).toMatchObject({ code: 200, message: '(#200) Permissions error' });
    expect(errorOf(await post('200001', await emu.mintSystem('300001'), {}))).toMatchObject({ code: 200 });
    const wider = await post('200001', String((await post('200001', token, { scope: 'ads_read' })).body.access_token), { scope: 'ads_read,ads_management' });
    expect(errorOf(wider)).toMatchObject({ code: 200 });
    const narrow = String((await post('200001', token, { scope: 'ads_read' })).body.access_token);
    expect(errorOf(await post('200001', narrow, {}))).toMatchObject({ code: 200, message: '(#200) Requires business_management permission to manage the object' });
    expect(errorOf(await emu.get('/200001/system_user_access_tokens', token))).toMatchObject({ code: 100 });
    await emu.control('POST', '/businesses/200001/remove-app', { appId: APP.id });
    expect(errorOf(await post('200001', token, {}))).toMatchObject({ code: 190, error_subcode: 458 });
  });
});
