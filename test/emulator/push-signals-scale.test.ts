/**
 * 1,000 people remove the app, 50 control calls at a time, against a fast local receiver: every
 * deauthorize callback and every webhook is delivered once, each person's in order. Correctness
 * only; how long it takes is printed by hand (see docs/emulator.md, "Scale and speed"), never asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { APP, Emu } from './helpers.ts';
import { handshakeEcho, startReceiver, type Receiver } from './receiver.ts';

const PEOPLE = 1000;
const CONCURRENCY = 50;

let running: RunningEmulator;
let emu: Emu;
let receiver: Receiver;

function world(): World {
  const users = Array.from({ length: PEOPLE }, (_, i) => ({ id: String(100_000 + i), name: `Person ${i}`, email: `p${i}@example.it`, password: 'x' }));
  return {
    apps: [{ id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: 'http://127.0.0.1:1/unused' }],
    users, businesses: [], adAccounts: [], pages: [], pixels: [], catalogs: [], campaigns: [],
  };
}

beforeAll(async () => {
  receiver = await startReceiver(handshakeEcho('tok'));
  running = await startEmulator({ port: 0, world: world() });
  emu = new Emu(running.url);
  await emu.control('POST', '/apps', { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [], deauthorizeCallbackUrl: `${receiver.url}/deauthorize` });
  const sub = await emu.fetchJson(`${emu.url}/${APP.id}/subscriptions`, {
    method: 'POST',
    body: new URLSearchParams({ object: 'permissions', callback_url: `${receiver.url}/webhooks`, fields: 'connected', verify_token: 'tok', access_token: `${APP.id}|${APP.secret}` }),
  });
  expect(sub.body).toEqual({ success: true });
  receiver.received.length = 0;
  receiver.respond(() => ({ status: 200 }));
});
afterAll(async () => {
  await running.close();
  await receiver.close();
});

describe('1,000 removals', () => {
  it('deliver every callback and webhook once, each person\'s in order', async () => {
    let next = 0;
    let failed = 0;
    const worker = async (): Promise<void> => {
      while (next < PEOPLE) {
        const userId = String(100_000 + next++);
        const r = await emu.control<{ deliveries: Array<{ delivered: boolean }> }>('POST', `/users/${userId}/remove-app`, { appId: APP.id });
        if (r.status !== 200 || r.body.deliveries.length !== 2 || !r.body.deliveries.every((d) => d.delivered)) failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failed).toBe(0);
    expect(receiver.received).toHaveLength(2 * PEOPLE);
    const seen = new Map<string, string[]>();
    for (const q of receiver.received) {
      const userId = q.url === '/webhooks'
        ? (JSON.parse(q.body) as { entry: Array<{ id: string }> }).entry[0]?.id ?? ''
        : JSON.parse(Buffer.from((new URLSearchParams(q.body).get('signed_request') ?? '').split('.')[1] ?? '', 'base64url').toString()).user_id as string;
      seen.set(userId, [...(seen.get(userId) ?? []), q.url]);
    }
    expect(seen.size).toBe(PEOPLE);
    expect([...seen.values()].every((urls) => urls.join() === '/deauthorize,/webhooks')).toBe(true);
    const listed = (await emu.control<{ deliveries: Array<{ delivered: boolean }> }>('GET', `/apps/${APP.id}/deliveries`)).body.deliveries;
    expect(listed).toHaveLength(2 * PEOPLE);
    expect(listed.every((d) => d.delivered)).toBe(true);
  });
});
