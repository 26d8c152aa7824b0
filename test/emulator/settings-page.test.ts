/**
 * The emulator's "Apps and websites" settings page (docs/emulator.md), driven with plain fetch as
 * a browser would: sign in, see the apps and their permissions, revoke one, remove the app; the
 * forms do what the control actions do, deliveries included; a post without the page's token is
 * refused and changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { ALL_SCOPES, APP, Emu, errorOf, testWorld, USERS } from './helpers.ts';
import { handshakeEcho, startReceiver, verifySignedRequest, type Receiver } from './receiver.ts';

let running: RunningEmulator;
let emu: Emu;
let receiver: Receiver;
const PAGE = '/settings/apps';

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
  receiver = await startReceiver();
});
afterAll(async () => {
  await running.close();
  await receiver.close();
});
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [APP.redirect], deauthorizeCallbackUrl: `${receiver.url}/deauthorize` });
  receiver.respond(handshakeEcho('tok'));
  await emu.fetchJson(`${emu.url}/${APP.id}/subscriptions`, {
    method: 'POST',
    body: new URLSearchParams({ object: 'permissions', callback_url: `${receiver.url}/webhooks`, fields: 'connected,ads_management', verify_token: 'tok', access_token: `${APP.id}|${APP.secret}` }),
  });
  receiver.received.length = 0;
  receiver.respond(() => ({ status: 200, body: 'ok' }));
});

interface Page { status: number; html: string; location: string | null; cookie: string | null }

async function browse(path: string, options: { cookie?: string; form?: Record<string, string> } = {}): Promise<Page> {
  const res = await fetch(`${emu.url}${path}`, {
    method: options.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location'), cookie: res.headers.get('set-cookie') };
}

/** Signs in as the person and returns the session cookie (name=value). */
async function signIn(user: { email: string; password: string }): Promise<string> {
  const r = await browse(`${PAGE}/login`, { form: { email: user.email, password: user.password } });
  expect(r.status).toBe(303);
  expect(r.location).toBe(PAGE);
  expect(r.cookie).toMatch(/HttpOnly/);
  expect(r.cookie).toMatch(/SameSite=Strict/);
  expect(r.cookie).toMatch(/Path=\/settings/);
  return (r.cookie ?? '').split(';')[0] ?? '';
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('the settings page', () => {
  it('asks for a sign-in, with labelled fields, and refuses a wrong password', async () => {
    const first = await browse(PAGE);
    expect(first.status).toBe(200);
    expect(first.html).toContain('<label for="email">Email</label>');
    expect(first.html).toContain('<label for="password">Password</label>');
    expect(first.html).toContain(`action="${PAGE}/login"`);
    expect(first.html).toContain('Local Meta emulator');
    const wrong = await browse(`${PAGE}/login`, { form: { email: USERS.giulia.email, password: 'nope' } });
    expect(wrong.status).toBe(200);
    expect(wrong.cookie).toBeNull();
    expect(wrong.html).toContain('role="alert"');
    expect(wrong.html).toContain('incorrect');
  });

  it('lists the apps granted, revokes one permission, removes the app, and says what was sent', async () => {
    const token = await emu.mint(USERS.giulia.id, ALL_SCOPES);
    const cookie = await signIn(USERS.giulia);
    const list = await browse(PAGE, { cookie });
    expect(list.status).toBe(200);
    expect(list.html).toContain(`<h2 id="app-0">${APP.name}</h2>`);
    expect(list.html).toContain('>Revoke ads_management</button>');
    expect(list.html).toContain(`>Remove ${APP.name}</button>`);
    expect(list.html).not.toContain('Revoke public_profile');
    const csrf = csrfOf(list.html);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const revoked = await browse(`${PAGE}/revoke`, { cookie, form: { app: APP.id, permission: 'ads_management', csrf } });
    expect(revoked.status).toBe(303);
    expect(receiver.received.map((q) => q.url)).toEqual(['/webhooks']);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({ entry: [{ changes: [{ field: 'ads_management', value: { verb: 'revoked' } }] }] });
    const afterRevoke = await browse(PAGE, { cookie });
    expect(afterRevoke.html).toContain('role="status"');
    expect(afterRevoke.html).toContain('You revoked ads_management from Wevion Test. Sent to the app: permissions webhook delivered (HTTP 200).');
    expect(afterRevoke.html).not.toContain('>Revoke ads_management</button>');
    expect((await emu.debug(token)).body.data.scopes).not.toContain('ads_management');
    // The message is shown once.
    expect((await browse(PAGE, { cookie })).html).not.toContain('role="status"');

    const removed = await browse(`${PAGE}/remove`, { cookie, form: { app: APP.id, csrf } });
    expect(removed.status).toBe(303);
    expect(receiver.received.map((q) => q.url)).toEqual(['/webhooks', '/deauthorize', '/webhooks']);
    expect(verifySignedRequest(new URLSearchParams(receiver.received[1]?.body).get('signed_request') ?? '', APP.secret)).toMatchObject({ user_id: USERS.giulia.id });
    const afterRemove = await browse(PAGE, { cookie });
    expect(afterRemove.html).toContain('You removed Wevion Test. Sent to the app: deauthorize callback delivered (HTTP 200); permissions webhook delivered (HTTP 200).');
    expect(afterRemove.html).toContain('You have no active apps.');
    expect(errorOf(await emu.get('/me', token))).toMatchObject({ code: 190, error_subcode: 458 });
    // The control API's record is the same as for the control action.
    const deliveries = (await emu.control<{ deliveries: Array<{ kind: string; delivered: boolean }> }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries;
    expect(deliveries.map((d) => [d.kind, d.delivered])).toEqual([['webhook', true], ['deauthorize', true], ['webhook', true]]);
  });

  it('refuses a post without the page\'s token, another session\'s token, or no session, and changes nothing', async () => {
    const token = await emu.mint(USERS.giulia.id, ALL_SCOPES);
    await emu.mint(USERS.marco.id, ['ads_read']);
    const cookie = await signIn(USERS.giulia);
    const marcoCsrf = csrfOf((await browse(PAGE, { cookie: await signIn(USERS.marco) })).html);
    const attempts: Array<{ cookie?: string; form: Record<string, string> }> = [
      { cookie, form: { app: APP.id } },
      { cookie, form: { app: APP.id, csrf: marcoCsrf } },
      { cookie, form: { app: APP.id, csrf: 'x'.repeat(43) } },
      { form: { app: APP.id, csrf: csrfOf((await browse(PAGE, { cookie })).html) } },
    ];
    for (const attempt of attempts) {
      const r = await browse(`${PAGE}/remove`, attempt);
      expect(r.status).toBe(403);
      expect(r.html).toContain('Session expired');
    }
    expect(receiver.received).toHaveLength(0);
    expect((await emu.get('/me', token)).status).toBe(200);
    // A stale form (the permission is already revoked) says why, as an error.
    const csrf = csrfOf((await browse(PAGE, { cookie })).html);
    await browse(`${PAGE}/revoke`, { cookie, form: { app: APP.id, permission: 'ads_management', csrf } });
    await browse(`${PAGE}/revoke`, { cookie, form: { app: APP.id, permission: 'ads_management', csrf } });
    expect((await browse(PAGE, { cookie })).html).toMatch(/role="alert">Giulia Rossi does not grant ads_management/);
    // So does a second removal, which sends nothing more.
    await browse(`${PAGE}/remove`, { cookie, form: { app: APP.id, csrf } });
    const sent = receiver.received.length;
    await browse(`${PAGE}/remove`, { cookie, form: { app: APP.id, csrf } });
    expect((await browse(PAGE, { cookie })).html).toMatch(/role="alert">Wevion Test is not connected to your account/);
    expect(receiver.received).toHaveLength(sent);
    // Logging out ends the session.
    expect((await browse(`${PAGE}/logout`, { cookie, form: { csrf } })).status).toBe(303);
    expect((await browse(PAGE, { cookie })).html).toContain(`action="${PAGE}/login"`);
  });

  it('is not part of the Graph API: no call log entry, no fault, no version header', async () => {
    const calls = async () => (await emu.control<{ calls: unknown[] }>('GET', '/calls')).body.calls.length;
    const before = await calls();
    await emu.control('POST', '/faults', { match: { path: '.*' }, respond: { status: 500, body: 'fault' } });
    const r = await fetch(`${emu.url}${PAGE}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('facebook-api-version')).toBeNull();
    expect(await calls()).toBe(before);
  });
});
