/**
 * What a client business does to an installed app (docs/emulator.md, "Facebook Login for
 * Business"), and what Meta then pushes: the `application` webhook's `business_integration_install`,
 * `_uninstall` and `_update` (signed, with Meta's example bodies), the BISU's tokens refused after
 * an uninstall, shared assets added and removed as debug_token and Graph show them, and installs
 * kept by the state file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP_WITH_CONFIGS, CONFIGS, businessToken } from './business-helpers.ts';
import { APP, Emu, USERS, errorOf, testWorld, type Body } from './helpers.ts';
import { handshakeEcho, hubSignature1, hubSignature256, startReceiver, type Receiver, type Received } from './receiver.ts';

let running: RunningEmulator;
let emu: Emu;
let receiver: Receiver;

const T0 = '2026-06-01T10:00:00.000Z';
const T0_S = Date.parse(T0) / 1000;
const FIELDS = ['business_integration_install', 'business_integration_uninstall', 'business_integration_update'];

interface Summary { id: string; kind: string; delivered: boolean; status: number | null }

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
  receiver = await startReceiver();
});
afterAll(async () => {
  await running.close();
  await receiver.close();
});

async function subscribe(fields: string[]): Promise<void> {
  receiver.respond(handshakeEcho('tok'));
  const sub = await emu.fetchJson(`${emu.url}/${APP.id}/subscriptions`, {
    method: 'POST',
    body: new URLSearchParams({ object: 'application', callback_url: `${receiver.url}/webhooks`, fields: fields.join(','), verify_token: 'tok', access_token: `${APP.id}|${APP.secret}` }),
  });
  expect(sub.body).toEqual({ success: true });
  receiver.received.length = 0;
  receiver.respond(() => ({ status: 200, body: 'ok' }));
}

beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  await emu.control('POST', '/clock', { now: T0 });
  await emu.control('POST', '/apps', APP_WITH_CONFIGS);
  await subscribe(FIELDS);
});

/** A webhook as the app receives it: signed with the app secret, JSON. */
function webhook(req: Received | undefined): Body {
  expect(req?.method).toBe('POST');
  expect(req?.url).toBe('/webhooks');
  expect(req?.headers['content-type']).toBe('application/json');
  expect(req?.headers['user-agent']).toBe('facebookexternalua');
  expect(req?.headers['x-hub-signature-256']).toBe(hubSignature256(req?.body ?? '', APP.secret));
  expect(req?.headers['x-hub-signature']).toBe(hubSignature1(req?.body ?? '', APP.secret));
  return JSON.parse(req?.body ?? '') as Body;
}

const applicationBody = (field: string, value: Record<string, string>, time = T0_S) => ({
  object: 'application', entry: [{ id: APP.id, time, changes: [{ field, value }] }],
});

const action = (businessId: string, name: string, body: Body) =>
  emu.control<{ deliveries: Summary[]; shared?: string[]; changed?: string[]; systemUserId?: string; error?: { message: string } }>('POST', `/businesses/${businessId}/${name}`, body);

const granular = async (token: string, scope: string) =>
  ((await emu.debug(token)).body.data.granular_scopes as Array<{ scope: string; target_ids?: string[] }>).find((g) => g.scope === scope)?.target_ids;

describe('install', () => {
  it('sends business_integration_install with the business and the configuration, before the redirect answers', async () => {
    await businessToken(emu, USERS.giulia, '200001');
    expect(receiver.received).toHaveLength(1);
    expect(webhook(receiver.received[0])).toEqual(applicationBody('business_integration_install', { business_manager_id: '200001', tp_config_id: CONFIGS.business.id }));
    const listed = await emu.control<{ deliveries: Array<Record<string, unknown>> }>('GET', `/apps/${APP.id}/deliveries`);
    expect(listed.body.deliveries).toMatchObject([{ kind: 'webhook', userId: '200001', delivered: true, attempts: [{ at: T0, status: 200 }] }]);
  });

  it('installing again: an update only when the shared assets changed', async () => {
    await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' });
    await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' });
    expect(receiver.received).toHaveLength(1);
    await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1,act_2' });
    expect(receiver.received).toHaveLength(2);
    expect(webhook(receiver.received[1])).toEqual(applicationBody('business_integration_update', { business_manager_id: '200001' }));
  });

  it('sends nothing for fields the app did not subscribe to', async () => {
    await emu.fetchJson(`${emu.url}/${APP.id}/subscriptions?object=application&fields=business_integration_install&access_token=${APP.id}|${APP.secret}`, { method: 'DELETE' });
    await businessToken(emu, USERS.giulia, '200001');
    expect(receiver.received).toHaveLength(0);
    const removed = await action('200001', 'remove-app', { appId: APP.id });
    expect(removed.body.deliveries).toHaveLength(1);
    expect(webhook(receiver.received[0])).toMatchObject({ entry: [{ changes: [{ field: 'business_integration_uninstall' }] }] });
  });
});

describe('remove-app', () => {
  it('refuses the BISU tokens with 190/458 and sends business_integration_uninstall', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001');
    const bisu = String((await emu.get<Body>('/me', token)).body.id);
    await emu.advance(3600);
    receiver.received.length = 0;
    const removed = await action('200001', 'remove-app', { appId: APP.id });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ ok: true, businessId: '200001', action: 'remove-app', appId: APP.id, systemUserId: bisu });
    expect(removed.body.deliveries).toEqual([{ id: expect.any(String) as string, kind: 'webhook', delivered: true, status: 200 }]);
    expect(webhook(receiver.received[0])).toEqual(applicationBody('business_integration_uninstall', { business_manager_id: '200001' }, T0_S + 3600));

    const me = await emu.get('/me', token);
    expect(me.status).toBe(400);
    expect(errorOf(me)).toMatchObject({ code: 190, error_subcode: 458, message: `Error validating access token: The user has not authorized application ${APP.id}.` });
    expect((await emu.debug(token)).body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 458 }, type: 'SYSTEM_USER' });
    expect(errorOf(await emu.get('/oauth/access_token', undefined, {
      grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: APP.secret, fb_exchange_token: token, set_token_expires_in_60_days: 'true',
    }))).toMatchObject({ code: 190, error_subcode: 458 });
    const view = await emu.control<{ integrations: Array<{ uninstalledAt: string | null }> }>('GET', '/businesses/200001');
    expect(view.body.integrations[0]?.uninstalledAt).toBe(new Date((T0_S + 3600) * 1000).toISOString());
  });

  it('refuses an app that is not installed (400, nothing sent), an unknown app or business', async () => {
    expect((await action('200001', 'remove-app', { appId: APP.id })).status).toBe(400);
    expect((await action('200001', 'remove-app', { appId: '42' })).status).toBe(400);
    expect((await action('999', 'remove-app', { appId: APP.id })).status).toBe(404);
    expect((await action('200001', 'explode', { appId: APP.id })).status).toBe(404);
    expect(receiver.received).toHaveLength(0);
  });

  it('a later install creates a new BISU (Meta deletes the old one) and sends business_integration_install again', async () => {
    const old = await businessToken(emu, USERS.giulia, '200001');
    const oldId = (await emu.get<Body>('/me', old)).body.id;
    await action('200001', 'remove-app', { appId: APP.id });
    receiver.received.length = 0;
    const fresh = await businessToken(emu, USERS.giulia, '200001');
    const me = await emu.get<Body>('/me', fresh, { fields: 'id,client_business_id' });
    expect(me.status).toBe(200);
    expect(me.body.id).not.toBe(oldId);
    expect(me.body.client_business_id).toBe('200001');
    expect(errorOf(await emu.get('/me', old))).toMatchObject({ code: 190, error_subcode: 458 });
    expect(webhook(receiver.received[0])).toMatchObject({ entry: [{ changes: [{ field: 'business_integration_install' }] }] });
    expect((await emu.control<{ integrations: unknown[] }>('GET', '/businesses/200001')).body.integrations).toHaveLength(2);
  });

  it('touches only that business: the same app installed in another business keeps working', async () => {
    await businessToken(emu, USERS.giulia, '200001');
    const emma = await businessToken(emu, USERS.emma, '200002');
    await action('200001', 'remove-app', { appId: APP.id });
    expect((await emu.get('/me', emma)).status).toBe(200);
  });
});

describe('share', () => {
  it('takes assets away and gives them back, as debug_token and Graph show them, with business_integration_update', async () => {
    const token = await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1,act_2,400001' });
    receiver.received.length = 0;
    const taken = await action('200001', 'share', { appId: APP.id, objects: ['act_2', '400001'], share: false });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ changed: ['act_2', '400001'], shared: ['act_1'] });
    expect(webhook(receiver.received[0])).toEqual(applicationBody('business_integration_update', { business_manager_id: '200001' }));
    expect(await granular(token, 'ads_management')).toEqual(['1']);
    expect(await granular(token, 'pages_show_list')).toBeUndefined();
    expect(errorOf(await emu.get('/act_2', token))).toMatchObject({ code: 100, error_subcode: 33 });

    const given = await action('200001', 'share', { appId: APP.id, objects: ['act_4', '600001'], share: true });
    expect(given.body).toMatchObject({ changed: ['act_4', '600001'], shared: ['act_1', 'act_4', '600001'] });
    expect(await granular(token, 'ads_read')).toEqual(['1', '4']);
    expect(await granular(token, 'catalog_management')).toEqual(['600001']);
    expect(receiver.received).toHaveLength(2);
  });

  it('changes nothing and sends nothing when nothing changes', async () => {
    await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' });
    receiver.received.length = 0;
    const same = await action('200001', 'share', { appId: APP.id, objects: ['act_1'], share: true });
    expect(same.body).toMatchObject({ changed: [], shared: ['act_1'], deliveries: [] });
    expect((await action('200001', 'share', { appId: APP.id, objects: ['act_2'], share: false })).body.changed).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses what cannot be done (400): not installed, another business\'s asset, an asset type the configuration has not, bad bodies', async () => {
    expect((await action('200001', 'share', { appId: APP.id, objects: ['act_1'], share: true })).status).toBe(400);
    await businessToken(emu, USERS.giulia, '200001', { objects: 'act_1' });
    const foreign = await action('200001', 'share', { appId: APP.id, objects: ['400002'], share: true });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error?.message).toContain('400002');
    expect((await action('200001', 'share', { appId: APP.id, objects: [], share: true })).status).toBe(400);
    expect((await action('200001', 'share', { appId: APP.id, objects: ['act_2'] })).status).toBe(400);
    await businessToken(emu, USERS.emma, '200002', {}, CONFIGS.business60.id);
    expect((await action('200002', 'share', { appId: APP.id, objects: ['400002'], share: true })).status).toBe(400);
    expect(receiver.received.filter((r) => r.body.includes('business_integration_update'))).toHaveLength(0);
  });
});

describe('the state file', () => {
  it('keeps installs, shared assets, uninstalls and the BISU tokens across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-bisu-'));
    try {
      const statePath = join(dir, 'state.json');
      const first = await startEmulator({ port: 0, world: testWorld(), statePath });
      const a = new Emu(first.url);
      await a.control('POST', '/apps', APP_WITH_CONFIGS);
      const kept = await businessToken(a, USERS.giulia, '200001', { objects: 'act_1,400001' });
      const removed = await businessToken(a, USERS.emma, '200002');
      await a.control('POST', '/businesses/200002/remove-app', { appId: APP.id });
      const before = await a.control('GET', '/businesses/200001');
      await first.close();

      const second = await startEmulator({ port: 0, statePath });
      try {
        const b = new Emu(second.url);
        expect((await b.control('GET', '/businesses/200001')).body).toEqual(before.body);
        expect((await b.get<Body>('/me', kept, { fields: 'client_business_id' })).body.client_business_id).toBe('200001');
        expect(((await b.get<{ data: Array<{ id: string }> }>('/me/adaccounts', kept)).body.data).map((x) => x.id)).toEqual(['act_1']);
        expect(errorOf(await b.get('/me', removed))).toMatchObject({ code: 190, error_subcode: 458 });
        expect((await b.control<{ configurations: unknown[] }>('GET', `/apps/${APP.id}`)).body.configurations).toEqual(Object.values(CONFIGS));
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads a file written before installs existed, and refuses one whose install names a business the world has not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-bisu-'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const statePath = join(dir, 'state.json');
      const first = await startEmulator({ port: 0, world: testWorld(), statePath });
      const a = new Emu(first.url);
      await a.control('POST', '/apps', APP_WITH_CONFIGS);
      await businessToken(a, USERS.giulia, '200001');
      await first.close();
      const saved = JSON.parse(await readFile(statePath, 'utf8')) as Record<string, unknown> & { integrations: Array<Record<string, unknown>> };
      expect(saved.integrations).toHaveLength(1);

      const { integrations: _gone, ...older } = saved;
      await writeFile(statePath, JSON.stringify(older));
      const second = await startEmulator({ port: 0, statePath });
      expect((await new Emu(second.url).control('GET', '/businesses/200001')).body).toMatchObject({ integrations: [] });
      await second.close();
      expect(errors).not.toHaveBeenCalled();

      await writeFile(statePath, JSON.stringify({ ...saved, integrations: [{ ...saved.integrations[0], businessId: '999' }] }));
      const third = await startEmulator({ port: 0, statePath });
      await third.close();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('integrations[0].businessId 999 is not a business of the world'));
    } finally {
      errors.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
