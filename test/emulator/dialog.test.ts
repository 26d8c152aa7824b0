import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { ALL_SCOPES, APP, Emu, USERS, errorOf, testWorld } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());

const dialogUrl = (params: Record<string, string>): string => `${running.url}/${DEFAULT_GRAPH_VERSION}/dialog/oauth?${new URLSearchParams(params).toString()}`;

describe('OAuth dialog page', () => {
  it('shows a login form with one checked checkbox per requested permission, labelled and escaped', async () => {
    const res = await fetch(dialogUrl({
      client_id: APP.id, redirect_uri: APP.redirect, state: '"><script>alert(1)</script>', scope: 'email,ads_read,business_management', response_type: 'code',
    }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Local Meta emulator');
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<form method="post" action="\/dialog\/oauth\/consent">/);
    expect(html).toMatch(/<label for="email">/);
    expect(html).toMatch(/<input type="email" id="email" name="email"/);
    expect(html).toMatch(/<label for="password">/);
    for (const scope of ['email', 'ads_read', 'business_management']) {
      expect(html).toMatch(new RegExp(`<label class="perm" for="perm-\\d"><input type="checkbox" id="perm-\\d" name="granted" value="${scope}" checked>`));
    }
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('name="cancel" value="1"');
  });

  it('refuses an unknown client_id with an error page and no redirect', async () => {
    const res = await fetch(dialogUrl({ client_id: '123', redirect_uri: APP.redirect, scope: 'email' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Invalid App ID');
  });

  it('refuses a redirect_uri not registered for the app (page and form post alike)', async () => {
    const res = await fetch(dialogUrl({ client_id: APP.id, redirect_uri: 'https://evil.example/cb', scope: 'email' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('URL blocked');
    const post = await emu.consent({ client_id: APP.id, redirect_uri: 'https://evil.example/cb', email: USERS.giulia.email, password: USERS.giulia.password });
    expect(post.status).toBe(400);
    expect(post.headers.get('location')).toBeNull();
  });

  it('refuses unknown scopes', async () => {
    const res = await fetch(dialogUrl({ client_id: APP.id, redirect_uri: APP.redirect, scope: 'email,not_a_permission' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Invalid Scopes: not_a_permission');
  });
});

describe('consent form', () => {
  it('logs in, grants the checked permissions, declines the unchecked ones, and redirects with code and state', async () => {
    const res = await emu.consent({
      client_id: APP.id, redirect_uri: APP.redirect, state: 'st 1/ä', scope: ALL_SCOPES.join(','), response_type: 'code',
      email: USERS.giulia.email, password: USERS.giulia.password,
      granted: ALL_SCOPES.filter((s) => s !== 'instagram_basic' && s !== 'catalog_management'),
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(APP.redirect);
    expect(location.searchParams.get('state')).toBe('st 1/ä');
    const code = location.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(20);

    const exchanged = await emu.exchangeCode(code);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.token_type).toBe('bearer');
    expect(exchanged.body.expires_in).toBeGreaterThanOrEqual(3600);
    expect(exchanged.body.expires_in).toBeLessThanOrEqual(7200);
    const token = String(exchanged.body.access_token);
    expect(token).toMatch(/^EAA[A-Za-z0-9]{90,}$/);

    const perms = await emu.get<{ data: Array<{ permission: string; status: string }> }>('/me/permissions', token);
    const status = Object.fromEntries(perms.body.data.map((p) => [p.permission, p.status]));
    expect(status.public_profile).toBe('granted');
    expect(status.ads_read).toBe('granted');
    expect(status.instagram_basic).toBe('declined');
    expect(status.catalog_management).toBe('declined');
  });

  it('accepts granted as a comma list', async () => {
    const code = await emu.loginCode(USERS.marco, ['email', 'ads_read', 'pages_show_list'], ['email,ads_read']);
    const token = String((await emu.exchangeCode(code)).body.access_token);
    const debug = await emu.debug(token);
    expect(debug.body.data.scopes).toEqual(expect.arrayContaining(['email', 'ads_read']));
    expect(debug.body.data.scopes).not.toContain('pages_show_list');
  });

  it('shows the dialog again with an error on a wrong password, without redirecting', async () => {
    const res = await emu.consent({ client_id: APP.id, redirect_uri: APP.redirect, scope: 'email', email: USERS.giulia.email, password: 'wrong' });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('incorrect');
  });

  it('redirects with Meta’s access_denied parameters on cancel', async () => {
    const res = await emu.consent({ client_id: APP.id, redirect_uri: APP.redirect, state: 'abc', scope: 'email', cancel: '1' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location).toContain('error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=abc');
  });

  it('does not re-ask declined permissions unless auth_type=rerequest', async () => {
    const first = await emu.loginCode(USERS.emma, ['email', 'ads_read'], ['email']);
    await emu.exchangeCode(first);
    // Without rerequest the page does not offer ads_read again, and a posted grant is ignored.
    const page = await (await fetch(dialogUrl({ client_id: APP.id, redirect_uri: APP.redirect, scope: 'ads_read' }))).text();
    expect(page).toContain('name="granted" value="ads_read"'); // anonymous visitor: nothing known yet
    const again = await emu.consent({ client_id: APP.id, redirect_uri: APP.redirect, scope: 'ads_read', email: USERS.emma.email, password: USERS.emma.password, granted: 'ads_read' });
    const token1 = String((await emu.exchangeCode(new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? '')).body.access_token);
    expect((await emu.debug(token1)).body.data.scopes).not.toContain('ads_read');
    const re = await emu.consent({
      client_id: APP.id, redirect_uri: APP.redirect, scope: 'ads_read', auth_type: 'rerequest', email: USERS.emma.email, password: USERS.emma.password, granted: 'ads_read',
    });
    const token2 = String((await emu.exchangeCode(new URL(re.headers.get('location') ?? '').searchParams.get('code') ?? '')).body.access_token);
    const perms = await emu.get<{ data: Array<{ permission: string; status: string }> }>('/me/permissions', token2);
    expect(perms.body.data).toContainEqual({ permission: 'ads_read', status: 'granted' });
    expect(perms.body.data).toContainEqual({ permission: 'email', status: 'granted' });
  });
});

describe('code exchange', () => {
  it('works once', async () => {
    const code = await emu.loginCode(USERS.giulia);
    expect((await emu.exchangeCode(code)).status).toBe(200);
    const again = await emu.exchangeCode(code);
    expect(again.status).toBe(400);
    expect(errorOf(again)).toMatchObject({ code: 100, error_subcode: 36009, message: 'This authorization code has been used.', type: 'OAuthException' });
  });

  it('only for the redirect URI it was issued to', async () => {
    const code = await emu.loginCode(USERS.giulia);
    const r = await emu.exchangeCode(code, 'http://localhost:5173/other');
    expect(errorOf(r)).toMatchObject({ code: 100, error_subcode: 36008 });
  });

  it('only within 10 minutes of the virtual clock', async () => {
    const code = await emu.loginCode(USERS.giulia);
    await emu.advance(601);
    const r = await emu.exchangeCode(code);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 100, error_subcode: 36007, message: 'This authorization code has expired.' });
  });

  it('checks the client secret and the app', async () => {
    const code = await emu.loginCode(USERS.giulia);
    const wrongSecret = await emu.get('/oauth/access_token', undefined, { client_id: APP.id, client_secret: 'nope', redirect_uri: APP.redirect, code });
    expect(errorOf(wrongSecret)).toMatchObject({ code: 1, message: 'Error validating client secret.' });
    const wrongApp = await emu.get('/oauth/access_token', undefined, { client_id: '42', client_secret: 'x', redirect_uri: APP.redirect, code });
    expect(errorOf(wrongApp)).toMatchObject({ code: 101 });
    const garbage = await emu.exchangeCode('not-a-code');
    expect(errorOf(garbage)).toMatchObject({ code: 100, message: 'Invalid verification code format.' });
  });

  it('is accepted as a POST form too', async () => {
    const code = await emu.loginCode(USERS.giulia);
    const r = await emu.post('/oauth/access_token', { client_id: APP.id, client_secret: APP.secret, redirect_uri: APP.redirect, code });
    expect(r.status).toBe(200);
    expect(r.body.token_type).toBe('bearer');
  });
});
