import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../helpers/service.ts';
import type { TestService } from '../helpers/service.ts';
import { BUSINESS_CONFIG, connectBusiness, events, GIULIA, LOGIN_CONFIG, MARK, profiles, startBusinessService } from './business-harness.ts';

describe('Connect a business (Facebook Login for Business, system-user configuration)', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startBusinessService();
  });
  afterAll(() => s.close());

  it('sends admins to Meta’s dialog with config_id, response_type=code, override_default_response_type=true and a state, no scope; others are refused', async () => {
    const admin = await s.signIn({ workspace: 'Business A' });
    const response = await s.request('/connect/meta/business', { cookie: admin.cookie });
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${s.emulatorUrl}/dialog/oauth`);
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('config_id')).toBe(BUSINESS_CONFIG.id);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('override_default_response_type')).toBe('true');
    expect(url.searchParams.get('scope')).toBeNull();
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const member = await s.signIn({ workspace: 'Business A', role: 'member' });
    expect((await s.request('/connect/meta/business', { cookie: member.cookie })).status).toBe(403);
    expect((await s.request('/connect/meta/business')).headers.get('location')).toBe('/login?next=%2Fconnect%2Fmeta%2Fbusiness');
    expect(await (await s.request('/api/connect-options', { cookie: member.cookie })).json()).toEqual({ connectBusiness: true, loginConfiguration: false });
  });

  it('stores a System User profile of the client business with its expiry and shared assets; the same business again replaces the token', async () => {
    const { cookie } = await s.signIn({ workspace: 'Business B' });
    const first = await connectBusiness(s, cookie);
    if (!('back' in first)) throw new Error(`refused: ${first.refused.status}`);
    expect(first.back.pathname).toBe('/meta-users');
    expect(first.back.searchParams.get('result')).toBe('connected');
    const [profile] = await profiles(s, cookie);
    expect(profile).toMatchObject({ name: 'Rossi Media Srl', tokenType: 'system_user', connection: 'business', status: 'active', expiresAt: null, needsReconnect: false });
    expect(profile!.clientBusiness).toMatchObject({ metaId: '20001', name: 'Rossi Media Srl' });
    // Meta marks email N/A for these tokens: never missing here.
    expect(profile!.declinedScopes).toEqual([]);
    expect(profile!.grantedScopes).toContain('ads_management');
    expect(profile!.businesses.map((b) => b.metaId)).toEqual(['20001']);
    // The connect synced what the business shares.
    const assets = (await (await s.request(`/api/meta-users/${profile!.id}/assets`, { cookie })).json()) as { assets: Array<{ metaId: string }> };
    expect(assets.assets.map((a) => a.metaId).sort()).toEqual(['50001', '60001', '70001', 'act_40001']);
    expect((await events(s, cookie, profile!.id)).map((e) => e.kind)).toContain('business_connected');

    const before = await s.database.db.selectFrom('meta_users').select(['token_version', 'meta_user_id']).where('id', '=', profile!.id).executeTakeFirstOrThrow();
    const again = await connectBusiness(s, cookie, { objects: ['act_40001'] });
    expect('back' in again && again.back.searchParams.get('result')).toBe('reconnected');
    const after = await profiles(s, cookie);
    expect(after).toHaveLength(1);
    const row = await s.database.db.selectFrom('meta_users').select(['token_version', 'meta_user_id']).where('id', '=', profile!.id).executeTakeFirstOrThrow();
    expect(row.token_version).toBe(before.token_version + 1);
    expect(row.meta_user_id).toBe(before.meta_user_id);
    const shared = (await (await s.request(`/api/meta-users/${profile!.id}/assets?type=ad_account`, { cookie })).json()) as { assets: Array<{ metaId: string }> };
    expect(shared.assets.map((a) => a.metaId)).toEqual(['act_40001']);

    // Uninstalled on Meta, then connected again: Meta made another BISU, still the one profile.
    await s.control('POST', '/__control/businesses/20001/remove-app', { appId: APP_ID });
    const third = await connectBusiness(s, cookie);
    expect('back' in third && third.back.searchParams.get('result')).toBe('reconnected');
    const [reinstalled] = await profiles(s, cookie);
    expect(reinstalled!.id).toBe(profile!.id);
    expect(reinstalled!.metaId).not.toBe(before.meta_user_id);
    expect(reinstalled!.status).toBe('active');
  });

  it('a person who is not an admin of the business gets Meta’s refusal, and nothing is stored; a cancel stores nothing', async () => {
    const { cookie } = await s.signIn({ workspace: 'Business C' });
    const refused = await connectBusiness(s, cookie, { who: MARK });
    expect('refused' in refused && refused.refused.status).toBe(403);
    const cancelled = await connectBusiness(s, cookie, { who: GIULIA, cancel: true });
    expect('back' in cancelled && cancelled.back.searchParams.get('result')).toBe('cancelled');
    expect(await profiles(s, cookie)).toEqual([]);
  });

  it('Reconnect business goes to the business dialog and refuses another business', async () => {
    const admin = await s.signIn({ workspace: 'Business D' });
    await connectBusiness(s, admin.cookie);
    const [profile] = await profiles(s, admin.cookie);
    const oneClick = await s.request(`/connect/meta/reconnect/${profile!.id}`, { cookie: admin.cookie });
    expect(new URL(oneClick.headers.get('location')!).searchParams.get('config_id')).toBe(BUSINESS_CONFIG.id);
    const other = await connectBusiness(s, admin.cookie, { start: `/connect/meta/reconnect/${profile!.id}`, businessId: '20002' });
    if (!('back' in other)) throw new Error('refused');
    expect(other.back.pathname).toBe(`/meta-users/${profile!.id}`);
    expect(other.back.searchParams.get('result')).toBe('different_account');
    expect(other.back.searchParams.get('actual')).toBe('Bianchi Foods');
    expect(await profiles(s, admin.cookie)).toHaveLength(1);
    const same = await connectBusiness(s, admin.cookie, { start: `/connect/meta/reconnect/${profile!.id}` });
    expect('back' in same && same.back.searchParams.get('result')).toBe('reconnected');
    const api = (await (await s.request(`/api/meta-users/${profile!.id}/reconnect`, { method: 'POST', cookie: admin.cookie })).json()) as { url: string };
    expect(new URL(api.url).searchParams.get('override_default_response_type')).toBe('true');
  });
});

describe('Connect Meta Account with a user configuration (META_LOGIN_CONFIG_ID)', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startBusinessService({ loginConfig: true });
  });
  afterAll(() => s.close());

  it('sends config_id instead of scope; the 14 permissions stay what is checked, a missing one is shown', async () => {
    const { cookie } = await s.signIn({ workspace: 'Login config' });
    const start = new URL((await s.request('/connect/meta', { cookie })).headers.get('location')!);
    expect(start.searchParams.get('config_id')).toBe(LOGIN_CONFIG.id);
    expect(start.searchParams.get('scope')).toBeNull();
    const back = await s.connect(cookie, { ...GIULIA, granted: LOGIN_CONFIG.permissions.filter((p) => p !== 'catalog_management') });
    expect(back.searchParams.get('result')).toBe('connected');
    const [profile] = await profiles(s, cookie);
    expect(profile).toMatchObject({ connection: 'login', clientBusiness: null, tokenType: 'user' });
    expect(profile!.declinedScopes).toEqual(['catalog_management']);
  });
});

describe('a system-user configuration that grants fewer permissions', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startBusinessService({ narrow: true });
  });
  afterAll(() => s.close());

  it('shows what it leaves out (never email), and does not make the connection need attention', async () => {
    const { cookie } = await s.signIn({ workspace: 'Narrow business' });
    await connectBusiness(s, cookie);
    const [profile] = await profiles(s, cookie);
    expect(profile!.grantedScopes.sort()).toEqual(['ads_read', 'business_management']);
    expect(profile!.declinedScopes).toContain('ads_management');
    expect(profile!.declinedScopes).not.toContain('email');
    // Connecting the business again gives the same configuration: nothing a marketer can act on.
    const attention = (await (await s.request('/api/meta-users/attention', { cookie })).json()) as { count: number };
    expect(attention.count).toBe(0);
  });
});
