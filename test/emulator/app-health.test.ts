/**
 * Meta refusing the app itself: deletion and restore, secret rotation, app-wide token invalidation,
 * with Meta's bodies asserted exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, USERS, proofFor, testWorld, type JsonResponse } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;
const APP_TOKEN = `${APP.id}|${APP.secret}`;
const DELETED = 'Error validating application. Application has been deleted.';
const SESSION_CHANGED = {
  code: 190,
  error_subcode: 460,
  message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
};

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
});

/** Meta's exact body: nothing more than these fields, and the trace id of the answer. */
function expectBody(r: JsonResponse, status: number, error: { message: string; code: number; error_subcode?: number; type?: string }): void {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error: { type: 'OAuthException', ...error, fbtrace_id: r.headers.get('x-fb-trace-id') } });
}

const appDeleted = (r: JsonResponse): void => expectBody(r, 400, { message: DELETED, code: 101 });

async function deleteApp(): Promise<void> {
  const r = await emu.control('POST', `/apps/${APP.id}/delete`);
  expect(r.body).toEqual({ ok: true, appId: APP.id, action: 'delete' });
}

describe('a deleted app', () => {
  it('refuses its app token and OAuth calls naming it with code 101', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const code = await emu.loginCode(USERS.emma);
    await deleteApp();
    appDeleted(await emu.get('/debug_token', undefined, { input_token: user, access_token: APP_TOKEN }));
    appDeleted(await emu.get(`/${DEFAULT_GRAPH_VERSION}/${APP.id}`, undefined, { access_token: APP_TOKEN }));
    // The application is checked before the secret: a wrong one changes nothing.
    appDeleted(await emu.get(`/${APP.id}`, undefined, { access_token: `${APP.id}|not-the-secret` }));
    const exchange = await emu.exchangeCode(code);
    appDeleted(exchange);
    expect(exchange.headers.get('www-authenticate')).toBe(`OAuth "Facebook Platform" "invalid_client" "${DELETED}"`);
    appDeleted(await emu.exchangeLong(user));
    appDeleted(await emu.get('/oauth/access_token', undefined, { grant_type: 'client_credentials', client_id: APP.id, client_secret: APP.secret }));
  });

  it('refuses its user, system-user and page tokens with code 190', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const system = await emu.mintSystem('300001');
    const pages = await emu.get<{ data: Array<{ access_token: string }> }>('/me/accounts', user);
    const page = pages.body.data[0]?.access_token ?? '';
    await deleteApp();
    for (const token of [user, system, page]) {
      const r = await emu.get('/me', token);
      expectBody(r, 400, { message: DELETED, code: 190 });
      expect(r.headers.get('www-authenticate')).toBe(`OAuth "Facebook Platform" "invalid_token" "${DELETED}"`);
    }
    expectBody(await emu.get(`/${APP.id}`, user), 400, { message: DELETED, code: 190 });
    // A token of the app as debug_token's viewer is refused the same way.
    expectBody(await emu.get('/debug_token', user, { input_token: system }), 400, { message: DELETED, code: 190 });
  });

  it('shows an error instead of a login in the OAuth dialog, and never redirects', async () => {
    await deleteApp();
    const q = new URLSearchParams({ client_id: APP.id, redirect_uri: APP.redirect, state: 's', scope: 'email', response_type: 'code' });
    const page = await fetch(`${running.url}/${DEFAULT_GRAPH_VERSION}/dialog/oauth?${q}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain(DELETED);
    expect(html).not.toContain('<form');
    const consent = await emu.consent({ ...Object.fromEntries(q), email: USERS.giulia.email, password: USERS.giulia.password, granted: 'email' });
    expect(consent.status).toBe(400);
    expect(consent.headers.get('location')).toBeNull();
  });

  it('works again after a restore: old tokens, the app token, the dialog', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const short = await emu.mint(USERS.marco.id, ['ads_read'], 'short');
    await deleteApp();
    await emu.advance(3 * 3600);
    const restored = await emu.control('POST', `/apps/${APP.id}/restore`);
    expect(restored.body).toEqual({ ok: true, appId: APP.id, action: 'restore' });
    expect((await emu.get('/me', user)).body).toEqual({ name: USERS.giulia.name, id: USERS.giulia.id });
    expect((await emu.debug(user)).body.data).toMatchObject({ is_valid: true, user_id: USERS.giulia.id });
    expect((await emu.get(`/${APP.id}`, undefined, { access_token: APP_TOKEN })).body).toEqual({
      link: `https://www.facebook.com/games/?app_id=${APP.id}`, name: APP.name, id: APP.id,
    });
    // What else happened meanwhile still counts: the short-lived token expired while the app was gone.
    expect((await emu.get('/me', short)).body).toMatchObject({ error: { code: 190, error_subcode: 463 } });
    const code = await emu.loginCode(USERS.emma);
    expect((await emu.exchangeCode(code)).status).toBe(200);
  });

  it('still gets the faults: a delay on /me applies before the answer', async () => {
    const user = await emu.mint(USERS.giulia.id);
    await deleteApp();
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, delayMs: 150, times: 1 });
    const started = performance.now();
    expectBody(await emu.get('/me', user), 400, { message: DELETED, code: 190 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('a rotated app secret', () => {
  const NEW_SECRET = 'rotated-app-secret';

  async function rotate(body?: unknown): Promise<string> {
    const r = await emu.control<{ secret: string }>('POST', `/apps/${APP.id}/rotate-secret`, body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, appId: APP.id, action: 'rotate-secret' });
    return r.body.secret;
  }

  it('refuses appsecret_proof computed with the old secret, and accepts the new one', async () => {
    const user = await emu.mint(USERS.giulia.id);
    expect(await rotate({ secret: NEW_SECRET })).toBe(NEW_SECRET);
    const old = await emu.get('/me', user);
    expectBody(old, 400, { message: 'Invalid appsecret_proof provided in the API argument', code: 100, type: 'GraphMethodException' });
    const fresh = await emu.get('/me', user, { appsecret_proof: proofFor(user, NEW_SECRET) }, false);
    expect(fresh.body).toEqual({ name: USERS.giulia.name, id: USERS.giulia.id });
  });

  it('refuses the old app token as a token with a wrong signature, on the app node and debug_token', async () => {
    const user = await emu.mint(USERS.giulia.id);
    await rotate({ secret: NEW_SECRET });
    const signature = { message: 'Invalid OAuth access token signature.', code: 190 };
    expectBody(await emu.get(`/${APP.id}`, undefined, { access_token: APP_TOKEN }), 400, signature);
    expectBody(await emu.get('/debug_token', undefined, { input_token: user, access_token: APP_TOKEN }), 400, signature);
    const now = await emu.get<{ data: Record<string, unknown> }>('/debug_token', undefined, { input_token: user, access_token: `${APP.id}|${NEW_SECRET}` });
    expect(now.body.data).toMatchObject({ is_valid: true, user_id: USERS.giulia.id });
    // The old app token, inspected by the new one, is not valid any more.
    const inspected = await emu.get<{ data: Record<string, unknown> }>('/debug_token', undefined, { input_token: APP_TOKEN, access_token: `${APP.id}|${NEW_SECRET}` });
    expect(inspected.body.data).toMatchObject({ type: 'APP', is_valid: false });
  });

  it('refuses the old client_secret at /oauth/access_token with code 1', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const code = await emu.loginCode(USERS.emma);
    await rotate({ secret: NEW_SECRET });
    const secretError = { message: 'Error validating client secret.', code: 1 };
    expectBody(await emu.exchangeCode(code), 400, secretError);
    expectBody(await emu.exchangeLong(user), 400, secretError);
    expectBody(await emu.get('/oauth/access_token', undefined, { grant_type: 'client_credentials', client_id: APP.id, client_secret: APP.secret }), 400, secretError);
    const exchanged = await emu.get('/oauth/access_token', undefined, { grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: NEW_SECRET, fb_exchange_token: user });
    expect(exchanged.body).toMatchObject({ token_type: 'bearer', expires_in: 5183944 });
    const appToken = await emu.get('/oauth/access_token', undefined, { grant_type: 'client_credentials', client_id: APP.id, client_secret: NEW_SECRET });
    expect(appToken.body).toEqual({ access_token: `${APP.id}|${NEW_SECRET}`, token_type: 'bearer' });
  });

  it('generates a secret when none is given, counts rotations, and refuses a useless one', async () => {
    const generated = await rotate();
    expect(generated).toMatch(/^[0-9a-f]{32}$/);
    expect(await rotate()).not.toBe(generated);
    const health = await emu.control('GET', `/apps/${APP.id}`);
    expect(health.body).toMatchObject({ secretRotations: 2, lastSecretRotationAt: (await emu.control('GET', '/clock')).body.now });
    expect(health.body).not.toHaveProperty('secret');
    expect((await emu.control('POST', `/apps/${APP.id}/rotate-secret`, { secret: '' })).status).toBe(400);
    const current = (await emu.control<{ apps: Array<{ secret: string }> }>('GET', '/world')).body.apps[0]?.secret;
    expect((await emu.control('POST', `/apps/${APP.id}/rotate-secret`, { secret: current })).status).toBe(400);
  });
});

describe('app-wide token invalidation', () => {
  async function invalidate(body?: unknown): Promise<number> {
    const r = await emu.control<{ tokens: number }>('POST', `/apps/${APP.id}/invalidate-tokens`, body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, appId: APP.id, action: 'invalidate-tokens' });
    return r.body.tokens;
  }

  it('hits every user, system-user and page token issued before it with 190/460', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const other = await emu.mint(USERS.marco.id, ['ads_read']);
    const system = await emu.mintSystem('300001');
    const pages = await emu.get<{ data: Array<{ access_token: string }> }>('/me/accounts', user);
    const page = pages.body.data[0]?.access_token ?? '';
    expect(await invalidate()).toBe(4);
    for (const token of [user, other, system, page]) {
      const r = await emu.get('/me', token);
      expectBody(r, 400, SESSION_CHANGED);
      expect(r.headers.get('www-authenticate')).toContain('invalid_token');
      expect((await emu.debug(token)).body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 460 }, scopes: [] });
    }
    expectBody(await emu.exchangeLong(user), 400, SESSION_CHANGED);
    // The app itself is fine: its app token still reads the app.
    expect((await emu.get(`/${APP.id}`, undefined, { access_token: APP_TOKEN })).status).toBe(200);
  });

  it('leaves tokens issued afterwards alone: a new login gets a fresh valid token', async () => {
    const before = await emu.mint(USERS.giulia.id);
    await invalidate();
    const short = String((await emu.exchangeCode(await emu.loginCode(USERS.giulia))).body.access_token);
    const long = String((await emu.exchangeLong(short)).body.access_token);
    expect((await emu.get('/me', long)).body).toEqual({ name: USERS.giulia.name, id: USERS.giulia.id });
    expect((await emu.get('/me', await emu.mintSystem('300001'))).status).toBe(200);
    expectBody(await emu.get('/me', before), 400, SESSION_CHANGED);
  });

  it('can be limited to some people or system users', async () => {
    const giulia = await emu.mint(USERS.giulia.id);
    const marco = await emu.mint(USERS.marco.id, ['ads_read']);
    const aurora = await emu.mintSystem('300001');
    const northwind = await emu.mintSystem('300002');
    expect(await invalidate({ userIds: [USERS.giulia.id, '300001'] })).toBe(2);
    expectBody(await emu.get('/me', giulia), 400, SESSION_CHANGED);
    expectBody(await emu.get('/me', aurora), 400, SESSION_CHANGED);
    expect((await emu.get('/me', marco)).status).toBe(200);
    expect((await emu.get('/me', northwind)).status).toBe(200);
  });

  it('lets the earliest cause win, as every other invalidation', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/users/${USERS.giulia.id}/logout`);
    await emu.advance(60);
    await invalidate();
    expect((await emu.get('/me', token)).body).toMatchObject({ error: { code: 190, error_subcode: 467 } });
  });

  it('is reported by GET /__control/apps/{id}, and checks its body', async () => {
    expect((await emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ invalidations: 0, lastInvalidation: null });
    await invalidate();
    await emu.advance(3600);
    await invalidate({ userIds: [USERS.marco.id] });
    const now = (await emu.control<{ now: string }>('GET', '/clock')).body.now;
    expect((await emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ invalidations: 2, lastInvalidation: { at: now, userIds: [USERS.marco.id] } });
    for (const bad of [{ userIds: [] }, { userIds: ['nobody'] }, { userIds: 'x' }]) {
      expect((await emu.control('POST', `/apps/${APP.id}/invalidate-tokens`, bad)).status).toBe(400);
    }
  });
});

describe('the app node, GET /{app-id}', () => {
  const node = { link: `https://www.facebook.com/games/?app_id=${APP.id}`, name: APP.name, id: APP.id };

  it('answers the app token and every token of the app', async () => {
    expect((await emu.get(`/${DEFAULT_GRAPH_VERSION}/${APP.id}`, undefined, { access_token: APP_TOKEN })).body).toEqual(node);
    const user = await emu.mint(USERS.marco.id, ['ads_read']);
    const system = await emu.mintSystem('300001');
    for (const token of [user, system]) expect((await emu.get(`/${APP.id}`, token)).body).toEqual(node);
    expect((await emu.get(`/${APP.id}`, user, { fields: 'name' })).body).toEqual({ name: APP.name, id: APP.id });
  });

  it('is read-only', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const r = await emu.post(`/${APP.id}`, { name: 'Renamed' }, user);
    expect(r.body).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });
});

describe('GET /__control/apps/{id}', () => {
  it('reports the app without its secret, and whether it is deleted', async () => {
    const before = await emu.control('GET', `/apps/${APP.id}`);
    expect(before.body).toMatchObject({ id: APP.id, name: APP.name, deleted: false, deletedAt: null, secretRotations: 0, lastSecretRotationAt: null });
    expect(before.body).not.toHaveProperty('secret');
    const now = (await emu.control<{ now: string }>('GET', '/clock')).body.now;
    await deleteApp();
    await emu.advance(60);
    // Deleting again keeps the first time.
    await deleteApp();
    expect((await emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ deleted: true, deletedAt: now });
  });

  it('answers 404 for an unknown app or action', async () => {
    expect((await emu.control('GET', '/apps/nope')).status).toBe(404);
    expect((await emu.control('POST', '/apps/nope/delete')).status).toBe(404);
    expect((await emu.control('POST', `/apps/${APP.id}/explode`)).status).toBe(404);
  });
});
