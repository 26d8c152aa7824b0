/**
 * Meta's push signals across a restart with a state file: subscriptions, the apps' callback URLs
 * and the deliveries are kept, and a delivery still pending is retried after the restart when the
 * virtual clock reaches its next attempt. Also: an old state file without them still loads.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, testWorld, USERS } from './helpers.ts';
import { handshakeEcho, startReceiver, type Receiver } from './receiver.ts';

let receiver: Receiver;
const running: RunningEmulator[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const e of running.splice(0)) await e.close();
});
afterAll(async () => {
  await receiver.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function start(statePath: string): Promise<{ emu: Emu; emulator: RunningEmulator }> {
  const emulator = await startEmulator({ port: 0, world: testWorld(), statePath });
  running.push(emulator);
  return { emu: new Emu(emulator.url), emulator };
}

async function stop(emulator: RunningEmulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

interface DeliveryView { kind: string; delivered: boolean; attempts: Array<{ status: number | null }>; nextAttemptAt: string | null }

describe('push signals with a state file', () => {
  it('keep subscriptions, callback URLs and deliveries, and retry a pending delivery after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-signals-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await start(file);
    await first.emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: `${receiver.url}/deauthorize` });
    receiver.respond(handshakeEcho('tok'));
    const sub = await first.emu.fetchJson(`${first.emu.url}/${APP.id}/subscriptions`, {
      method: 'POST',
      body: new URLSearchParams({ object: 'permissions', callback_url: `${receiver.url}/webhooks`, fields: 'connected', verify_token: 'tok', access_token: `${APP.id}|${APP.secret}` }),
    });
    expect(sub.body).toEqual({ success: true });
    receiver.respond(() => ({ status: 500 }));
    await first.emu.control('POST', `/users/${USERS.giulia.id}/remove-app`, { appId: APP.id });
    await stop(first.emulator);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { deliveries: { items: unknown[] }; subscriptions: Record<string, unknown[]> };
    expect(saved.deliveries.items).toHaveLength(2);
    expect(saved.subscriptions[APP.id]).toHaveLength(1);

    receiver.received.length = 0;
    receiver.respond(() => ({ status: 200 }));
    const second = await start(file);
    expect((await second.emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ deauthorizeCallbackUrl: `${receiver.url}/deauthorize` });
    const subs = await second.emu.get<{ data: Array<{ object: string }> }>(`/${APP.id}/subscriptions`, `${APP.id}|${APP.secret}`, {}, false);
    expect(subs.body.data.map((s) => s.object)).toEqual(['permissions']);
    let listed = (await second.emu.control<{ deliveries: DeliveryView[] }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries;
    expect(listed.map((d) => [d.kind, d.delivered, d.attempts.length])).toEqual([['deauthorize', false, 1], ['webhook', false, 1]]);
    // Nothing is sent until the virtual clock reaches the next attempt.
    expect(receiver.received).toHaveLength(0);
    await second.emu.control('POST', '/clock', { advanceSeconds: 60 });
    expect(receiver.received.map((q) => q.url)).toEqual(['/deauthorize', '/webhooks']);
    listed = (await second.emu.control<{ deliveries: DeliveryView[] }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries;
    expect(listed.map((d) => [d.delivered, d.attempts.map((a) => a.status)])).toEqual([[true, [500, 200]], [true, [500, 200]]]);
    // New deliveries get ids after the saved ones.
    await second.emu.control('POST', `/users/${USERS.marco.id}/remove-app`, { appId: APP.id });
    const ids = (await second.emu.control<{ deliveries: Array<{ id: string }> }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);

    // Reset forgets them, and the empty state is what is on disk.
    await second.emu.control('POST', '/reset');
    const afterReset = JSON.parse(await readFile(file, 'utf8')) as { deliveries: { items: unknown[] }; subscriptions: Record<string, unknown> };
    expect(afterReset.deliveries.items).toEqual([]);
    expect(afterReset.subscriptions).toEqual({});
  });

  it('loads a state file written before subscriptions and deliveries existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-signals-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await start(file);
    const token = await first.emu.mint(USERS.giulia.id);
    await stop(first.emulator);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete saved.subscriptions;
    delete saved.deliveries;
    delete saved.versions;
    await writeFile(file, JSON.stringify(saved));
    const second = await start(file);
    expect((await second.emu.get('/me', token)).status).toBe(200);
    expect((await second.emu.control<{ deliveries: unknown[] }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries).toEqual([]);
  });
});
