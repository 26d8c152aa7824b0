/**
 * Meta's push signals as the emulator plays them (docs/emulator.md, "Meta's push signals"): what
 * each control action sends (signatures verified here with the app secret, bodies' shapes), the
 * grant as Graph then shows it, the retries on the virtual clock, giving up after 36 hours, the
 * order of one person's deliveries, and reset.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';
import { ALL_SCOPES, APP, Emu, errorOf, testWorld, USERS, type Body } from './helpers.ts';
import { handshakeEcho, hubSignature1, hubSignature256, startReceiver, verifySignedRequest, type Receiver, type Received } from './receiver.ts';

let running: RunningEmulator;
let emu: Emu;
let receiver: Receiver;

interface Summary { id: string; kind: string; delivered: boolean; status: number | null }
interface DeliveryView {
  id: string; kind: string; userId: string; url: string; body: string; createdAt: string;
  attempts: Array<{ at: string; status: number | null; error?: string }>;
  delivered: boolean; givenUp: boolean; nextAttemptAt: string | null; response: { status: number; body: string } | null;
}

const T0 = '2026-06-01T10:00:00.000Z';
const T0_S = Date.parse(T0) / 1000;

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
  receiver = await startReceiver();
});
afterAll(async () => {
  await running.close();
  await receiver.close();
});

/** The test app with both callback URLs and a `permissions` subscription at the receiver. */
async function setUp(fields = 'connected,ads_management,business_management,email'): Promise<void> {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  await emu.control('POST', '/clock', { now: T0 });
  const app = { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [APP.redirect] };
  await emu.control('POST', '/apps', { ...app, deauthorizeCallbackUrl: `${receiver.url}/deauthorize`, dataDeletionCallbackUrl: `${receiver.url}/data-deletion` });
  receiver.respond(handshakeEcho('tok'));
  const sub = await emu.fetchJson(`${emu.url}/${APP.id}/subscriptions`, {
    method: 'POST',
    body: new URLSearchParams({ object: 'permissions', callback_url: `${receiver.url}/webhooks`, fields, verify_token: 'tok', access_token: `${APP.id}|${APP.secret}` }),
  });
  expect(sub.body).toEqual({ success: true });
  receiver.received.length = 0;
  receiver.respond(() => ({ status: 200, body: 'ok' }));
}

const deliveries = async (limit?: number) =>
  (await emu.control<{ deliveries: DeliveryView[] }>('GET', `/apps/${APP.id}/deliveries${limit === undefined ? '' : `?limit=${limit}`}`)).body.deliveries;

const action = (userId: string, name: string, body: Body) => emu.control<{ deliveries: Summary[]; error?: { message: string } }>('POST', `/users/${userId}/${name}`, body);

function signedPayload(req: Received | undefined): Record<string, unknown> {
  expect(req?.method).toBe('POST');
  expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  const form = new URLSearchParams(req?.body ?? '');
  expect([...form.keys()]).toEqual(['signed_request']);
  return verifySignedRequest(form.get('signed_request') ?? '', APP.secret);
}

function webhookBody(req: Received | undefined): Body {
  expect(req?.method).toBe('POST');
  expect(req?.headers['content-type']).toBe('application/json');
  expect(req?.headers['x-hub-signature-256']).toBe(hubSignature256(req?.body ?? '', APP.secret));
  expect(req?.headers['x-hub-signature']).toBe(hubSignature1(req?.body ?? '', APP.secret));
  return JSON.parse(req?.body ?? '') as Body;
}

const entryOf = (userId: string, field: string, value: unknown) => ({
  object: 'permissions', entry: [{ id: userId, uid: userId, time: T0_S, changes: [{ field, value }] }],
});

describe('remove-app', () => {
  beforeEach(() => setUp());

  it('kills the tokens and sends the signed deauthorize callback, then the connected webhook', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const r = await action(USERS.giulia.id, 'remove-app', { appId: APP.id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, userId: USERS.giulia.id, action: 'remove-app', appId: APP.id });
    expect(r.body.deliveries).toEqual([
      { id: expect.any(String), kind: 'deauthorize', delivered: true, status: 200 },
      { id: expect.any(String), kind: 'webhook', delivered: true, status: 200 },
    ]);
    // The answer came after both first attempts: the receiver has them, in the person's order.
    expect(receiver.received.map((q) => q.url)).toEqual(['/deauthorize', '/webhooks']);
    expect(receiver.received.every((q) => q.headers['user-agent'] === 'facebookexternalua')).toBe(true);
    expect(signedPayload(receiver.received[0])).toEqual({ algorithm: 'HMAC-SHA256', issued_at: T0_S, user_id: USERS.giulia.id });
    expect(webhookBody(receiver.received[1])).toEqual(entryOf(USERS.giulia.id, 'connected', { verb: 'revoked' }));
    expect(errorOf(await emu.get('/me', token))).toMatchObject({ code: 190, error_subcode: 458 });

    const listed = await deliveries();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toEqual({
      id: r.body.deliveries[0]?.id, kind: 'deauthorize', userId: USERS.giulia.id, url: `${receiver.url}/deauthorize`, body: receiver.received[0]?.body, createdAt: T0,
      attempts: [{ at: T0, status: 200 }], delivered: true, givenUp: false, nextAttemptAt: null, response: { status: 200, body: 'ok' },
    });
    expect(listed[1]).toMatchObject({ kind: 'webhook', url: `${receiver.url}/webhooks`, body: receiver.received[1]?.body, delivered: true });
    expect((await deliveries(1)).map((d) => d.kind)).toEqual(['webhook']);
  });

  it('sends nothing the app did not ask for', async () => {
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: null });
    const del = `${emu.url}/${APP.id}/subscriptions?${new URLSearchParams({ object: 'permissions', fields: 'connected', access_token: `${APP.id}|${APP.secret}` }).toString()}`;
    expect((await emu.fetchJson(del, { method: 'DELETE' })).body).toEqual({ success: true });
    const r = await action(USERS.marco.id, 'remove-app', { appId: APP.id });
    expect(r.body.deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    expect((await action(USERS.marco.id, 'remove-app', {})).status).toBe(400);
  });

  it('keeps one person\'s deliveries in order, and sends different people\'s at once', async () => {
    // Each deauthorize answer waits until the receiver has seen both people's: only concurrent sends get there.
    let release: () => void = () => undefined;
    const bothArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    receiver.respond(async (req) => {
      if (req.url !== '/deauthorize') return { status: 200 };
      if (receiver.received.filter((q) => q.url === '/deauthorize').length === 2) release();
      const answered = await Promise.race([bothArrived.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
      return { status: answered ? 200 : 503, delayMs: 50 };
    });
    const [a, b] = await Promise.all([action(USERS.giulia.id, 'remove-app', { appId: APP.id }), action(USERS.marco.id, 'remove-app', { appId: APP.id })]);
    expect([...(a.body.deliveries ?? []), ...(b.body.deliveries ?? [])].every((d) => d.delivered)).toBe(true);
    for (const userId of [USERS.giulia.id, USERS.marco.id]) {
      const mine = receiver.received.filter((q) => q.url === '/deauthorize' ? signedPayload(q).user_id === userId : (webhookBody(q).entry as Array<{ id: string }>)[0]?.id === userId);
      expect(mine.map((q) => q.url)).toEqual(['/deauthorize', '/webhooks']);
      // The webhook left only after the deauthorize callback was answered.
      expect(mine[1]?.arrivedAt ?? 0).toBeGreaterThanOrEqual(mine[0]?.answeredAt ?? Infinity);
    }
  });
});

describe('revoke-permission and grant-permission', () => {
  beforeEach(() => setUp());

  it('change the grant as Graph shows it and send the permission webhook with its targets', async () => {
    const token = await emu.mint(USERS.giulia.id, ALL_SCOPES);
    const r = await action(USERS.giulia.id, 'revoke-permission', { appId: APP.id, permission: 'ads_management' });
    expect(r.body).toMatchObject({ ok: true, action: 'revoke-permission', permission: 'ads_management', deliveries: [{ kind: 'webhook', delivered: true, status: 200 }] });
    // Giulia administers BM 200001: act_1, act_2, and act_4 as a client.
    expect(webhookBody(receiver.received[0])).toEqual(entryOf(USERS.giulia.id, 'ads_management', { verb: 'revoked', target_ids: ['1', '2', '4'] }));
    const perms = await emu.get<{ data: Array<{ permission: string; status: string }> }>('/me/permissions', token);
    expect(perms.body.data).toContainEqual({ permission: 'ads_management', status: 'declined' });
    expect(perms.body.data).not.toContainEqual({ permission: 'ads_management', status: 'granted' });
    const debug = (await emu.debug(token)).body.data as { scopes: string[]; granular_scopes: Array<{ scope: string }> };
    expect(debug.scopes).not.toContain('ads_management');
    expect(debug.granular_scopes.map((g) => g.scope)).not.toContain('ads_management');
    // The token itself still works, without the permission.
    expect((await emu.get(`/${DEFAULT_GRAPH_VERSION}/act_1`, token)).status).toBe(200);
    expect(errorOf(await emu.post('/700001', { status: 'PAUSED' }, token)).code).toBe(200);

    const g = await action(USERS.giulia.id, 'grant-permission', { appId: APP.id, permission: 'ads_management' });
    expect(g.body.deliveries).toEqual([{ id: expect.any(String), kind: 'webhook', delivered: true, status: 200 }]);
    expect(webhookBody(receiver.received[1])).toEqual(entryOf(USERS.giulia.id, 'ads_management', { verb: 'granted', target_ids: ['1', '2', '4'] }));
    expect((await emu.get<{ data: unknown[] }>('/me/permissions', token)).body.data).toContainEqual({ permission: 'ads_management', status: 'granted' });
    expect((await emu.debug(token)).body.data.scopes).toContain('ads_management');

    // A permission without targets carries none.
    await action(USERS.giulia.id, 'revoke-permission', { appId: APP.id, permission: 'email' });
    expect(webhookBody(receiver.received[2])).toEqual(entryOf(USERS.giulia.id, 'email', { verb: 'revoked' }));
  });

  it('refuse what cannot be done (400, nothing changes, nothing is sent), and send nothing for an unsubscribed field', async () => {
    await emu.mint(USERS.marco.id, ['ads_read']);
    for (const [name, body, message] of [
      ['revoke-permission', { appId: APP.id, permission: 'ads_management' }, /does not grant ads_management/],
      ['grant-permission', { appId: APP.id, permission: 'ads_read' }, /already grants ads_read/],
      ['revoke-permission', { appId: APP.id, permission: 'public_profile' }, /public_profile/],
      ['revoke-permission', { appId: APP.id, permission: 'no_such_thing' }, /unknown permission/],
      ['revoke-permission', { appId: APP.id }, /permission must be/],
      ['grant-permission', { appId: 'nope', permission: 'ads_read' }, /appId/],
    ] as const) {
      const r = await action(USERS.marco.id, name, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error?.message).toMatch(message);
    }
    // Emma never authorized the app.
    expect((await action(USERS.emma.id, 'grant-permission', { appId: APP.id, permission: 'ads_read' })).body.error?.message).toMatch(/has not authorized/);
    expect(receiver.received).toHaveLength(0);
    // Revoked, but no webhook: the app is not subscribed to ads_read.
    const r = await action(USERS.marco.id, 'revoke-permission', { appId: APP.id, permission: 'ads_read' });
    expect(r.body.deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('request-data-deletion', () => {
  beforeEach(() => setUp());

  it('sends the signed data deletion callback and records the answer Meta expects', async () => {
    receiver.respond(() => ({ status: 200, contentType: 'application/json', body: '{"url":"https://app.example/deletion/abc","confirmation_code":"abc"}' }));
    const r = await action(USERS.emma.id, 'request-data-deletion', { appId: APP.id });
    expect(r.body.deliveries).toEqual([{ id: expect.any(String), kind: 'data_deletion', delivered: true, status: 200 }]);
    expect(receiver.received[0]?.url).toBe('/data-deletion');
    expect(signedPayload(receiver.received[0])).toEqual({ algorithm: 'HMAC-SHA256', issued_at: T0_S, user_id: USERS.emma.id });
    const [d] = await deliveries();
    expect(d?.response).toEqual({ status: 200, body: '{"url":"https://app.example/deletion/abc","confirmation_code":"abc"}' });
  });
});

describe('retries on the virtual clock', () => {
  beforeEach(() => setUp('connected'));

  it('retries a delivery answered 500 when the clock reaches its next attempt, and stops once answered 200', async () => {
    let failing = true;
    receiver.respond(() => ({ status: failing ? 500 : 200, body: failing ? 'down' : 'ok' }));
    const r = await action(USERS.giulia.id, 'remove-app', { appId: APP.id });
    expect(r.body.deliveries.map((d) => [d.kind, d.delivered, d.status])).toEqual([['deauthorize', false, 500], ['webhook', false, 500]]);
    let [d] = await deliveries();
    expect(d).toMatchObject({ delivered: false, givenUp: false, nextAttemptAt: new Date(Date.parse(T0) + 60_000).toISOString(), response: { status: 500, body: 'down' } });

    failing = false;
    const early = await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: 59 });
    expect(early.body.deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    const due = await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: 1 });
    // The clock call answers after the retries, and lists them.
    expect(due.body.deliveries.map((x) => [x.kind, x.delivered, x.status])).toEqual([['deauthorize', true, 200], ['webhook', true, 200]]);
    expect(receiver.received.map((q) => q.url)).toEqual(['/deauthorize', '/webhooks', '/deauthorize', '/webhooks']);
    // The same body, signed again for the webhook.
    expect(receiver.received[2]?.body).toBe(receiver.received[0]?.body);
    webhookBody(receiver.received[3]);
    [d] = await deliveries();
    expect(d?.attempts).toEqual([{ at: T0, status: 500 }, { at: new Date(Date.parse(T0) + 60_000).toISOString(), status: 200 }]);
    expect(d).toMatchObject({ delivered: true, nextAttemptAt: null, response: { status: 200, body: 'ok' } });
    expect((await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: 86_400 })).body.deliveries).toEqual([]);
  });

  it('waits 1 min, 5 min, 30 min, 2 h, 6 h, 18 h and 36 h after the first attempt, then gives up', async () => {
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: null });
    receiver.respond(() => ({ status: 503 }));
    await action(USERS.giulia.id, 'remove-app', { appId: APP.id });
    const after = [60, 300, 1800, 7200, 21_600, 64_800, 129_600];
    let elapsed = 0;
    for (const at of after) {
      // Just before: nothing; at the time: one more attempt.
      expect((await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: at - elapsed - 1 })).body.deliveries).toEqual([]);
      expect((await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: 1 })).body.deliveries).toHaveLength(1);
      elapsed = at;
    }
    const [d] = await deliveries();
    expect(d?.attempts.map((a) => (Date.parse(a.at) - Date.parse(T0)) / 1000)).toEqual([0, ...after]);
    expect(d).toMatchObject({ delivered: false, givenUp: true, nextAttemptAt: null });
    expect((await emu.control<{ deliveries: Summary[] }>('POST', '/clock', { advanceSeconds: 7 * 86_400 })).body.deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(8);
  });

  it('counts a refused connection or a reset as a failed attempt, and collapses the retries a long jump passes over', async () => {
    const closed = await startReceiver();
    const gone = closed.url;
    await closed.close();
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: `${gone}/deauthorize` });
    receiver.respond(() => ({ destroy: true }));
    await emu.control('POST', `/users/${USERS.giulia.id}/remove-app`, { appId: APP.id });
    let [d] = await deliveries();
    expect(d?.attempts).toEqual([{ at: T0, status: null, error: "Couldn't connect to server" }]);
    expect(d?.response).toBeNull();
    // 20 hours at once: one attempt (the missed ones are not replayed), the next one at 36 h.
    await emu.control('POST', '/clock', { advanceSeconds: 20 * 3600 });
    [d] = await deliveries();
    expect(d?.attempts).toHaveLength(2);
    expect(d?.nextAttemptAt).toBe(new Date(Date.parse(T0) + 129_600_000).toISOString());
    // The webhook to the receiver that resets the connection failed as well.
    const webhook = (await deliveries())[1];
    expect(webhook?.attempts[0]).toEqual({ at: T0, status: null, error: expect.any(String) });
    expect(webhook?.delivered).toBe(false);
    await emu.control('POST', '/clock', { advanceSeconds: 17 * 3600 });
    [d] = await deliveries();
    expect(d).toMatchObject({ givenUp: true, nextAttemptAt: null });
    expect(d?.attempts).toHaveLength(3);
  });
});

describe('reset and the world', () => {
  it('reset forgets deliveries and subscriptions; apps show their callback URLs', async () => {
    await setUp();
    await action(USERS.giulia.id, 'remove-app', { appId: APP.id });
    expect(await deliveries()).toHaveLength(2);
    const shown = await emu.control('GET', `/apps/${APP.id}`);
    expect(shown.body).toMatchObject({ deauthorizeCallbackUrl: `${receiver.url}/deauthorize`, dataDeletionCallbackUrl: `${receiver.url}/data-deletion` });
    expect(shown.body).not.toHaveProperty('secret');
    // An update that leaves the URLs out keeps them.
    await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: 'Renamed', redirectUris: [] });
    expect((await emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ name: 'Renamed', deauthorizeCallbackUrl: `${receiver.url}/deauthorize` });
    expect((await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: 'x', redirectUris: [], dataDeletionCallbackUrl: 'not a url' })).status).toBe(400);

    await emu.control('POST', '/reset');
    await emu.control('PUT', '/world', testWorld({ apps: [{ id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: `${receiver.url}/from-world` }] }));
    expect(await deliveries()).toEqual([]);
    expect((await emu.get<{ data: unknown[] }>(`/${APP.id}/subscriptions`, `${APP.id}|${APP.secret}`, {}, false)).body.data).toEqual([]);
    receiver.received.length = 0;
    await action(USERS.giulia.id, 'remove-app', { appId: APP.id });
    expect(receiver.received.map((q) => q.url)).toEqual(['/from-world']);
  });
});
