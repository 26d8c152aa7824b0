/**
 * Facebook Login for Business as the emulator plays it (docs/emulator.md, "Facebook Login for
 * Business"): configurations on apps, the dialog with `config_id` (user and system-user
 * configurations), the business and asset pages, the consent post a script sends, and what the
 * Business Integration System User token then is: its exchange, `/me`, `debug_token` and reads.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';
import { APP_WITH_CONFIGS, BUSINESS_SCOPES, CONFIGS, DAY, businessCode, businessParams, businessToken, hiddenValue } from './business-helpers.ts';
import { ALL_SCOPES, APP, Emu, USERS, errorOf, testWorld, type Body } from './helpers.ts';

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
  expect((await emu.control('POST', '/apps', APP_WITH_CONFIGS)).status).toBe(200);
});

const dialogUrl = (params: Record<string, string>): string => `${running.url}/${DEFAULT_GRAPH_VERSION}/dialog/oauth?${new URLSearchParams(params).toString()}`;
const ids = (r: { body: Body }): string[] => ((r.body.data ?? []) as Array<{ id: string }>).map((x) => x.id);
const form = (fields: Record<string, string | string[]>) => emu.consent(fields);

describe('configurations on apps', () => {
  it('are taken by POST /__control/apps, shown by GET /__control/apps/{id}, kept by an update that leaves them out', async () => {
    const shown = await emu.control<{ configurations: unknown[] }>('GET', `/apps/${APP.id}`);
    expect(shown.body.configurations).toEqual(Object.values(CONFIGS));
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: 'Renamed', redirectUris: [APP.redirect] });
    expect((await emu.control<{ name: string; configurations: unknown[] }>('GET', `/apps/${APP.id}`)).body).toMatchObject({ name: 'Renamed', configurations: Object.values(CONFIGS) });
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: 'Renamed', redirectUris: [APP.redirect], configurations: null });
    expect((await emu.control<Body>('GET', `/apps/${APP.id}`)).body.configurations).toBeUndefined();
  });

  it('are part of the world file', async () => {
    const world = testWorld({ apps: [{ ...APP_WITH_CONFIGS, configurations: [CONFIGS.business] } as never] });
    expect((await emu.control('PUT', '/world', world)).status).toBe(200);
    const back = await emu.control<{ apps: Array<{ configurations: unknown[] }> }>('GET', '/world');
    expect(back.body.apps[0]?.configurations).toEqual([CONFIGS.business]);
  });

  it.each([
    ['an unknown token type', [{ id: 'c1', tokenType: 'page', permissions: ['ads_read'] }], 'tokenType'],
    ['an unknown permission', [{ id: 'c1', tokenType: 'user', permissions: ['ads_read', 'nope'] }], 'unknown permission nope'],
    ['only email and public_profile', [{ id: 'c1', tokenType: 'user', permissions: ['email', 'public_profile'] }], 'other than email'],
    ['email in a system-user configuration', [{ id: 'c1', tokenType: 'system_user', permissions: ['email', 'ads_read'] }], 'email is not available'],
    ['a 60-day user configuration', [{ id: 'c1', tokenType: 'user', expiresIn60Days: true, permissions: ['ads_read'] }], 'belong to system_user'],
    ['an unknown asset type', [{ id: 'c1', tokenType: 'system_user', permissions: ['ads_read'], assetTypes: ['instagram_accounts'] }], 'unknown asset type'],
    ['two configurations with one id', [CONFIGS.business, { ...CONFIGS.user, id: CONFIGS.business.id }], 'duplicate configuration id'],
  ])('refuses %s (400, nothing changed)', async (_what, configurations, message) => {
    const r = await emu.control<{ error: { message: string } }>('POST', '/apps', { ...APP_WITH_CONFIGS, configurations });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(message);
    expect((await emu.control<Body>('GET', `/apps/${APP.id}`)).body.configurations).toEqual(Object.values(CONFIGS));
  });

  it('refuses a configuration id another app has', async () => {
    const r = await emu.control('POST', '/apps', { id: '900000000000002', secret: 's2', name: 'Other', redirectUris: [], configurations: [CONFIGS.user] });
    expect(r.status).toBe(400);
    expect((await emu.control('GET', '/apps/900000000000002')).status).toBe(404);
  });
});

describe('the dialog with config_id', () => {
  it('refuses an unknown config_id with "Config ID is invalid", an error page and no redirect', async () => {
    const res = await fetch(dialogUrl({ ...businessParams('123'), scope: 'ads_read' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Config ID is invalid');
    const post = await form({ ...businessParams('123'), email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001' });
    expect(post.status).toBe(400);
    expect(post.headers.get('location')).toBeNull();
  });

  it('refuses a system-user configuration without response_type=code and override_default_response_type=true', async () => {
    const { override_default_response_type: _o, ...noOverride } = businessParams();
    const { response_type: _r, ...noResponseType } = businessParams();
    for (const params of [noOverride, noResponseType, { ...businessParams(), override_default_response_type: 'false' }]) {
      const res = await fetch(dialogUrl(params), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('override_default_response_type=true');
      const post = await form({ ...params, email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001' });
      expect(post.status).toBe(400);
      expect(post.headers.get('location')).toBeNull();
    }
  });

  it('a user configuration asks for its permissions as scope would (scope ignored), and the token is a user token with them', async () => {
    const params = { client_id: APP.id, redirect_uri: APP.redirect, config_id: CONFIGS.user.id, response_type: 'code', scope: 'user_friends' };
    const html = await (await fetch(dialogUrl(params))).text();
    for (const scope of ALL_SCOPES) expect(html).toContain(`name="granted" value="${scope}" checked`);
    expect(html).not.toContain('name="granted" value="user_friends"');
    const res = await form({ ...params, email: USERS.marco.email, password: USERS.marco.password, granted: ALL_SCOPES.filter((s) => s !== 'catalog_management') });
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = String((await emu.exchangeCode(code)).body.access_token);
    const debug = (await emu.debug(token)).body.data;
    expect(debug).toMatchObject({ type: 'USER', user_id: USERS.marco.id, is_valid: true });
    expect(new Set(debug.scopes as string[])).toEqual(new Set(['public_profile', ...ALL_SCOPES.filter((s) => s !== 'catalog_management')]));
    const permissions = await emu.get<{ data: Array<{ permission: string; status: string }> }>('/me/permissions', token);
    expect(permissions.body.data).toContainEqual({ permission: 'catalog_management', status: 'declined' });
  });
});

describe('the dialog of a system-user configuration, step by step', () => {
  it('signs in, shows the businesses the person administers, then their assets, then redirects with a code', async () => {
    // Step 1: the sign-in page lists the permissions (nothing to uncheck) and labels every field.
    const page1 = await (await fetch(dialogUrl(businessParams()))).text();
    expect(page1).toContain('Connect a business to Wevion Test');
    expect(page1).toMatch(/<label for="email">Email<\/label><input type="email" id="email" name="email"/);
    expect(page1).toMatch(/<label for="password">Password<\/label><input type="password" id="password"/);
    for (const scope of BUSINESS_SCOPES) expect(page1).toContain(`<li>${scope}</li>`);
    expect(page1).not.toContain('type="checkbox"');
    expect(page1).toContain('does not expire');

    // Step 2: the businesses Giulia administers, as labelled radio buttons; her password is not carried on.
    const step2 = await form({ ...businessParams(), email: USERS.giulia.email, password: USERS.giulia.password });
    expect(step2.status).toBe(200);
    const page2 = await step2.text();
    expect(page2).toContain('<legend>Businesses you administer</legend>');
    expect(page2).toMatch(/<label class="perm" for="business-0"><input type="radio" id="business-0" name="business_id" value="200001" required checked> Agenzia Aurora<\/label>/);
    expect(page2).not.toContain('Northwind Retail');
    expect(page2).not.toContain(USERS.giulia.password);
    const ticket = hiddenValue(page2, 'ticket');
    expect(ticket.length).toBeGreaterThan(20);
    expect(hiddenValue(page2, 'step')).toBe('assets');

    // Step 3: the business's assets (owned, and its client ad account), grouped and all checked.
    const step3 = await form({ ...businessParams(), ticket, step: 'assets', business_id: '200001' });
    const page3 = await step3.text();
    expect(step3.status).toBe(200);
    for (const legend of ['Ad accounts', 'Pages', 'Pixels', 'Catalogs']) expect(page3).toContain(`<legend>${legend}</legend>`);
    for (const [id, name] of [['act_1', 'Trattoria da Gino'], ['act_2', 'Moda Milano'], ['act_4', 'Northwind UK'], ['400001', 'Trattoria da Gino'], ['500001', 'Pixel Gino'], ['600001', 'Catalogo Moda']]) {
      expect(page3).toMatch(new RegExp(`<label class="perm" for="asset-\\d+"><input type="checkbox" id="asset-\\d+" name="objects" value="${id}" checked> ${name} \\(${id}\\)</label>`));
    }
    expect(page3).not.toContain('act_3');

    // The consent: only what stayed checked is shared.
    const done = await form({ ...businessParams(), ticket: hiddenValue(page3, 'ticket'), business_id: '200001', objects: ['', 'act_1', '400001'] });
    expect(done.status).toBe(302);
    const location = new URL(done.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(APP.redirect);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.hash).toBe('#_=_');
    const exchanged = await emu.exchangeCode(location.searchParams.get('code') ?? '');
    expect(exchanged.status).toBe(200);
    const token = String(exchanged.body.access_token);
    expect(exchanged.body).toEqual({ access_token: token, token_type: 'bearer' });
    expect(ids(await emu.get('/me/adaccounts', token))).toEqual(['act_1']);
    expect(ids(await emu.get('/me/accounts', token))).toEqual(['400001']);
  });

  it('Cancel redirects with access_denied; a wrong password shows the sign-in again; a forged ticket asks to sign in again', async () => {
    const cancel = await form({ ...businessParams(), cancel: '1' });
    expect(cancel.status).toBe(302);
    expect(new URL(cancel.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
    const wrong = await form({ ...businessParams(), email: USERS.giulia.email, password: 'nope', business_id: '200001' });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('The email or password you entered is incorrect.');
    const forged = await form({ ...businessParams(), ticket: `${USERS.giulia.id}.${Date.now() + 60_000}.AAAA`, business_id: '200001' });
    expect(forged.status).toBe(200);
    expect(await forged.text()).toContain('Your sign-in has expired. Log in again.');
  });

  it('tells a person who administers no business that they cannot connect one, and offers only Cancel', async () => {
    const res = await form({ ...businessParams(), email: USERS.marco.email, password: USERS.marco.password });
    const html = await res.text();
    expect(html).toContain('You are not an admin of any business');
    expect(html).not.toContain('type="radio"');
    expect(html).not.toContain('>Continue<');
    expect(html).toContain('name="cancel" value="1"');
  });
});

describe('the consent post', () => {
  it('refuses a person who does not administer business_id (403, no redirect, nothing installed)', async () => {
    for (const [who, business] of [[USERS.marco, '200001'], [USERS.giulia, '200002'], [USERS.giulia, '999']] as const) {
      const res = await form({ ...businessParams(), email: who.email, password: who.password, business_id: business });
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
    }
    expect((await emu.control<{ integrations: unknown[] }>('GET', '/businesses/200001')).body.integrations).toEqual([]);
  });

  it('shares every asset of the business when objects is left out, and those listed (comma-separated) otherwise', async () => {
    const all = await businessToken(emu, USERS.giulia, '200001');
    expect(ids(await emu.get('/me/adaccounts', all))).toEqual(['act_1', 'act_2', 'act_4']);
    expect((await emu.control<{ integrations: Array<{ shared: string[] }> }>('GET', '/businesses/200001')).body.integrations[0]?.shared)
      .toEqual(['act_1', 'act_2', 'act_4', '400001', '500001', '600001']);
    const some = await businessToken(emu, USERS.emma, '200002', { objects: 'act_4,500002' });
    expect(ids(await emu.get('/me/adaccounts', some))).toEqual(['act_4']);
    expect(ids(await emu.get('/me/accounts', some))).toEqual([]);
  });

  it('asks again when nothing is chosen, and refuses an asset the business cannot share', async () => {
    const none = await form({ ...businessParams(), email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001', objects: '' });
    expect(none.status).toBe(200);
    expect(await none.text()).toContain('Choose at least one asset to share.');
    const foreign = await form({ ...businessParams(), email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001', objects: 'act_1,400002' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('400002 is not an asset business 200001 can share');
    expect((await emu.control<{ integrations: unknown[] }>('GET', '/businesses/200001')).body.integrations).toEqual([]);
  });
});

describe('the Business Integration System User token', () => {
  it('names its business in /me, is a SYSTEM_USER that never expires in debug_token, with the shared assets per permission', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1,act_4,400001,600001' });
    const me = await emu.get<Body>('/me', token, { fields: 'id,name,client_business_id' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: APP.name, client_business_id: '200001' });
    expect(String(me.body.id)).toMatch(/^\d{15}$/);
    const data = (await emu.debug(token)).body.data;
    expect(data).toMatchObject({ app_id: APP.id, type: 'SYSTEM_USER', is_valid: true, expires_at: 0, data_access_expires_at: 0, user_id: me.body.id, issued_at: T0_S });
    expect(data.scopes).toEqual(BUSINESS_SCOPES);
    const granular = new Map((data.granular_scopes as Array<{ scope: string; target_ids?: string[] }>).map((g) => [g.scope, g.target_ids]));
    expect(granular.get('ads_management')).toEqual(['1', '4']);
    expect(granular.get('ads_read')).toEqual(['1', '4']);
    expect(granular.get('business_management')).toEqual(['200001']);
    expect(granular.get('pages_show_list')).toEqual(['400001']);
    expect(granular.get('catalog_management')).toEqual(['600001']);
    expect(granular.has('instagram_basic')).toBe(true);
    expect(granular.get('instagram_basic')).toBeUndefined();
  });

  it('reads what was shared, and only that, through the edges permission sync uses', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1,act_4,400001' });
    expect(ids(await emu.get('/me/businesses', token))).toEqual(['200001']);
    expect(ids(await emu.get('/200001/owned_ad_accounts', token))).toEqual(['act_1']);
    expect(ids(await emu.get('/200001/client_ad_accounts', token))).toEqual(['act_4']);
    expect(ids(await emu.get('/200001/owned_pages', token))).toEqual(['400001']);
    // The pixel of a shared ad account is seen through it, as for any system user.
    expect(ids(await emu.get('/200001/owned_pixels', token))).toEqual(['500001']);
    expect(ids(await emu.get('/200001/owned_product_catalogs', token))).toEqual([]);
    expect((await emu.get('/act_1/campaigns', token)).status).toBe(200);
    const hidden = await emu.get('/act_2', token);
    expect(hidden.status).toBe(400);
    expect(errorOf(hidden)).toMatchObject({ code: 100, error_subcode: 33 });
    expect(errorOf(await emu.get('/200002', token))).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('one BISU per app and business: installing again gives a new token of the same system user, the old one stays valid', async () => {
    const first = await businessToken(emu, USERS.giulia, '200001');
    const second = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_2' });
    expect(second).not.toBe(first);
    const id1 = (await emu.get<Body>('/me', first)).body.id;
    expect((await emu.get<Body>('/me', second)).body.id).toBe(id1);
    // The new selection applies to the system user, so to both tokens.
    expect(ids(await emu.get('/me/adaccounts', first))).toEqual(['act_2']);
    const other = await businessToken(emu, USERS.emma, '200002');
    expect((await emu.get<Body>('/me', other)).body.id).not.toBe(id1);
    const view = await emu.control<{ integrations: Array<Record<string, unknown>> }>('GET', '/businesses/200001');
    expect(view.body.integrations).toEqual([{
      appId: APP.id, systemUserId: id1, name: APP.name, configId: CONFIGS.business.id, permissions: BUSINESS_SCOPES, expiresIn60Days: false,
      shared: ['act_2'], installedAt: T0, uninstalledAt: null,
    }]);
  });

  it('a 60-day configuration: the exchange answers expires_in, debug_token the expiry, and only its asset types are offered', async () => {
    const step3 = await form({ ...businessParams(CONFIGS.business60.id), email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001', step: 'assets' });
    const html = await step3.text();
    expect(html).toContain('<legend>Ad accounts</legend>');
    expect(html).not.toContain('<legend>Pages</legend>');
    const refused = await form({ ...businessParams(CONFIGS.business60.id), email: USERS.giulia.email, password: USERS.giulia.password, business_id: '200001', objects: 'act_1,400001' });
    expect(refused.status).toBe(400);
    const code = await businessCode(emu, USERS.giulia, '200001', {}, CONFIGS.business60.id);
    const exchanged = await emu.exchangeCode(code);
    expect(exchanged.body).toEqual({ access_token: exchanged.body.access_token, token_type: 'bearer', expires_in: 60 * DAY });
    const data = (await emu.debug(String(exchanged.body.access_token))).body.data;
    expect(data).toMatchObject({ type: 'SYSTEM_USER', expires_at: T0_S + 60 * DAY, scopes: CONFIGS.business60.permissions });
  });

  it('a BISU can be neither given roles nor minted through the control API', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001');
    const id = String((await emu.get<Body>('/me', token)).body.id);
    expect((await emu.control('POST', '/access', { systemUserId: id, object: 'act_3', grant: true })).status).toBe(400);
    expect((await emu.control('POST', '/tokens', { appId: APP.id, systemUserId: id, kind: 'system', scopes: ['ads_read'] })).status).toBe(400);
  });
});
