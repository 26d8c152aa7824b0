/**
 * `GET|POST|DELETE /{app-id}/subscriptions` (docs/emulator.md, "Webhook subscriptions"): the app
 * token requirement, the handshake Meta makes before subscribing (good, wrong challenge, refused,
 * unreachable), merging a second subscription, and deleting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';
import { APP, Emu, errorOf, proofFor, testWorld, USERS, type Body } from './helpers.ts';
import { handshakeEcho, startReceiver, type Receiver } from './receiver.ts';

let running: RunningEmulator;
let emu: Emu;
let receiver: Receiver;
const APP_TOKEN = `${APP.id}|${APP.secret}`;
const EDGE = `/${DEFAULT_GRAPH_VERSION}/${APP.id}/subscriptions`;

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
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
  receiver.received.length = 0;
  receiver.respond(handshakeEcho('verify-me'));
});

async function subscribe(form: Record<string, string>, token = APP_TOKEN) {
  // A user token goes with its appsecret_proof, as a server-side client sends it.
  const proof: Record<string, string> = token.includes('|') ? {} : { appsecret_proof: proofFor(token) };
  return emu.fetchJson(`${emu.url}${EDGE}`, { method: 'POST', body: new URLSearchParams({ ...form, access_token: token, ...proof }) });
}

const listed = async () => (await emu.get<{ data: Body[] }>(EDGE, APP_TOKEN, {}, false)).body.data;

describe('POST /{app-id}/subscriptions', () => {
  it('verifies the callback URL with Meta\'s handshake, then subscribes', async () => {
    const r = await subscribe({ object: 'permissions', callback_url: `${receiver.url}/hooks?x=1`, fields: 'connected,ads_management', verify_token: 'verify-me', include_values: 'true' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: true });
    expect(receiver.received).toHaveLength(1);
    const handshake = receiver.received[0];
    expect(handshake?.method).toBe('GET');
    expect(handshake?.headers['user-agent']).toBe('facebookexternalua');
    const q = new URL(handshake?.url ?? '', 'http://x').searchParams;
    expect(new URL(handshake?.url ?? '', 'http://x').pathname).toBe('/hooks');
    expect(q.get('x')).toBe('1');
    expect(q.get('hub.mode')).toBe('subscribe');
    expect(q.get('hub.verify_token')).toBe('verify-me');
    expect(q.get('hub.challenge')).toMatch(/^\d+$/);
    expect(await listed()).toEqual([{
      object: 'permissions', callback_url: `${receiver.url}/hooks?x=1`, active: true,
      fields: [{ name: 'connected', version: DEFAULT_GRAPH_VERSION }, { name: 'ads_management', version: DEFAULT_GRAPH_VERSION }],
    }]);
  });

  it('refuses a wrong challenge, a refusal and an unreachable URL with 2200, and subscribes nothing', async () => {
    receiver.respond(() => ({ status: 200, body: 'not the challenge' }));
    const wrong = await subscribe({ object: 'permissions', callback_url: receiver.url, fields: 'connected', verify_token: 'verify-me' });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)).toMatchObject({ code: 2200, type: 'OAuthException' });
    expect(errorOf(wrong).message).toMatch(/^\(#2200\) callback verification failed: .*does not match challenge.*received="not the challenge"/);

    receiver.respond(handshakeEcho('another token'));
    const refused = await subscribe({ object: 'permissions', callback_url: receiver.url, fields: 'connected', verify_token: 'verify-me' });
    expect(errorOf(refused)).toMatchObject({ code: 2200, message: '(#2200) callback verification failed: HTTP Status Code = 403' });

    const closed = await startReceiver();
    const gone = closed.url;
    await closed.close();
    const unreachable = await subscribe({ object: 'permissions', callback_url: gone, fields: 'connected', verify_token: 'verify-me' });
    expect(errorOf(unreachable)).toMatchObject({ code: 2200, message: "(#2200) callback verification failed: Couldn't connect to server" });

    // The challenge back with extra text is not "exactly the challenge".
    receiver.respond((req) => ({ status: 200, body: `${new URL(req.url, 'http://x').searchParams.get('hub.challenge') ?? ''}\n` }));
    expect(errorOf(await subscribe({ object: 'permissions', callback_url: receiver.url, fields: 'connected', verify_token: 'verify-me' })).code).toBe(2200);
    expect(await listed()).toEqual([]);
  });

  it('takes fields as a comma list, a JSON array, or a JSON body\'s array', async () => {
    expect((await subscribe({ object: 'permissions', callback_url: receiver.url, fields: '["connected","email"]', verify_token: 'verify-me' })).status).toBe(200);
    const json = await emu.fetchJson(`${emu.url}${EDGE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object: 'permissions', callback_url: receiver.url, fields: ['ads_read', 'ads_management'], verify_token: 'verify-me', access_token: APP_TOKEN }),
    });
    expect(json.body).toEqual({ success: true });
    expect((await listed())[0]?.fields).toEqual(['connected', 'email', 'ads_read', 'ads_management'].map((name) => ({ name, version: DEFAULT_GRAPH_VERSION })));
  });

  it('needs the app\'s own app token: a user token is refused as Meta refuses it', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const byUser = await subscribe({ object: 'permissions', callback_url: receiver.url, fields: 'connected', verify_token: 'verify-me' }, user);
    expect(byUser.status).toBe(400);
    expect(errorOf(byUser)).toMatchObject({ code: 15, message: '(#15) This method must be called with an app access_token.' });
    const read = await emu.get(EDGE, user);
    expect(errorOf(read).code).toBe(15);
    expect(errorOf(await emu.fetchJson(`${emu.url}${EDGE}`)).code).toBe(104);
    expect(errorOf(await emu.get(EDGE, `${APP.id}|wrong-secret`, {}, false)).code).toBe(190);
    // Another app's token sees no such object.
    await emu.control('POST', '/apps', { id: '900000000000002', secret: 'other', name: 'Other', redirectUris: [] });
    expect(errorOf(await emu.get(EDGE, '900000000000002|other', {}, false))).toMatchObject({ code: 100, error_subcode: 33 });
    // A deleted app is refused as every call of its app token is.
    await emu.control('POST', `/apps/${APP.id}/delete`);
    expect(errorOf(await emu.get(EDGE, APP_TOKEN, {}, false)).code).toBe(101);
    expect(receiver.received).toHaveLength(0);
  });

  it('checks its parameters before any handshake', async () => {
    for (const [form, message] of [
      [{ callback_url: receiver.url, fields: 'connected' }, /object is required/],
      [{ object: 'permissions', fields: 'connected' }, /callback_url is required/],
      [{ object: 'permissions', callback_url: 'ftp://x', fields: 'connected' }, /callback_url must be a valid URL/],
      [{ object: 'permissions', callback_url: receiver.url }, /fields is required/],
      [{ object: 'permissions', callback_url: receiver.url, fields: 'connected,no_such_permission' }, /Invalid field no_such_permission/],
    ] as const) {
      const r = await subscribe({ ...form, verify_token: 'verify-me' });
      expect(r.status).toBe(400);
      expect(errorOf(r)).toMatchObject({ code: 100 });
      expect(errorOf(r).message).toMatch(message);
    }
    expect(receiver.received).toHaveLength(0);
  });

  it('a second subscription of an object replaces its URL and adds its fields; DELETE removes fields, objects, all', async () => {
    expect((await subscribe({ object: 'permissions', callback_url: `${receiver.url}/a`, fields: 'connected', verify_token: 'verify-me' })).status).toBe(200);
    expect((await subscribe({ object: 'permissions', callback_url: `${receiver.url}/b`, fields: 'ads_management,connected', verify_token: 'verify-me' })).status).toBe(200);
    expect((await subscribe({ object: 'user', callback_url: `${receiver.url}/u`, fields: 'email', verify_token: 'verify-me' })).status).toBe(200);
    const both = await listed();
    expect(both).toEqual([
      { object: 'permissions', callback_url: `${receiver.url}/b`, active: true, fields: [{ name: 'connected', version: DEFAULT_GRAPH_VERSION }, { name: 'ads_management', version: DEFAULT_GRAPH_VERSION }] },
      { object: 'user', callback_url: `${receiver.url}/u`, active: true, fields: [{ name: 'email', version: DEFAULT_GRAPH_VERSION }] },
    ]);
    const del = (form: Record<string, string>) => emu.fetchJson(`${emu.url}${EDGE}?${new URLSearchParams({ ...form, access_token: APP_TOKEN }).toString()}`, { method: 'DELETE' });
    expect((await del({ object: 'permissions', fields: 'connected' })).body).toEqual({ success: true });
    expect((await listed())[0]).toMatchObject({ object: 'permissions', fields: [{ name: 'ads_management' }] });
    expect((await del({ object: 'user' })).body).toEqual({ success: true });
    expect((await listed()).map((s) => s.object)).toEqual(['permissions']);
    expect((await del({})).body).toEqual({ success: true });
    expect(await listed()).toEqual([]);
  });
});
