/**
 * Meta refusing the app itself: deletion and restore, with Meta's bodies asserted exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, USERS, testWorld, type JsonResponse } from './helpers.ts';

let running: RunningEmulator;
let emu: Emu;
const APP_TOKEN = `${APP.id}|${APP.secret}`;
const DELETED = 'Error validating application. Application has been deleted.';

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
    appDeleted(await emu.get(`/v24.0/${APP.id}`, undefined, { access_token: APP_TOKEN }));
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
    const page = await fetch(`${running.url}/v24.0/dialog/oauth?${q}`);
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

describe('GET /__control/apps/{id}', () => {
  it('reports the app without its secret, and whether it is deleted', async () => {
    const before = await emu.control('GET', `/apps/${APP.id}`);
    expect(before.body).toMatchObject({ id: APP.id, name: APP.name, deleted: false, deletedAt: null });
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
