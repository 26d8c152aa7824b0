import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorld } from '../../src/emulator/default-world.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, USERS, testWorld } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
});
afterAll(() => running.close());

describe('control API', () => {
  it('starts empty, reports health, and replaces and returns the world', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await emu.control('GET', '/health')).body).toEqual({ ok: true });
    expect((await emu.control('GET', '/world')).body).toMatchObject({ apps: [], users: [], adAccounts: [] });
    const put = await emu.control('PUT', '/world', testWorld());
    expect(put.body).toMatchObject({ ok: true, counts: { users: 3, adAccounts: 4 } });
    const world = await emu.control<{ users: unknown[]; apps: Array<{ id: string }> }>('GET', '/world');
    expect(world.body.users).toHaveLength(3);
    expect(world.body.apps[0]?.id).toBe(APP.id);
  });

  it('accepts a world with only the required fields, and rejects an inconsistent one', async () => {
    const minimal = {
      apps: [{ id: '1', secret: 's', name: 'A', redirectUris: [] }],
      users: [{ id: 'u', name: 'U', email: 'u@x.it', password: 'p' }],
      businesses: [{ id: 'b', name: 'B', admins: ['u'], systemUsers: [{ id: 's1', name: 'S' }] }],
      adAccounts: [{ id: 'act_9', name: 'N', business: 'b', users: ['u'], systemUsers: ['s1'], pixels: ['px'] }],
      pages: [{ id: 'pg', name: 'P', business: 'b', users: [], systemUsers: [] }],
      pixels: [{ id: 'px', name: 'X', business: 'b' }],
      catalogs: [{ id: 'c', name: 'C', business: 'b' }],
      campaigns: [{ id: 'k', adAccount: 'act_9', name: 'K', status: 'ACTIVE' }],
    };
    expect((await emu.control('PUT', '/world', minimal)).status).toBe(200);
    const bad = await emu.control<{ error: { message: string } }>('PUT', '/world', { ...minimal, campaigns: [{ id: 'k', adAccount: 'act_missing', name: 'K', status: 'ACTIVE' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('act_missing');
    expect((await emu.control('PUT', '/world', { ...minimal, adAccounts: [{ id: '9', name: 'no prefix' }] })).status).toBe(400);
  });

  it('upserts an app (201 then 200) and never returns its secret', async () => {
    await emu.control('PUT', '/world', defaultWorld());
    const app = { id: '777', secret: 'shh', name: 'Wevion (demo)', redirectUris: ['http://localhost:3000/api/meta/callback'] };
    const created = await emu.control('POST', '/apps', app);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: '777', name: 'Wevion (demo)', redirectUris: app.redirectUris, requireAppsecretProof: true, longLivedReexchange: 'extend' });
    const updated = await emu.control('POST', '/apps', { ...app, requireAppsecretProof: false, longLivedReexchange: 'same' });
    expect(updated.status).toBe(200);
    expect(updated.body).not.toHaveProperty('secret');
    // The demo person logs in with a documented password.
    const res = await fetch(`${running.url}/dialog/oauth/consent`, {
      method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ client_id: '777', redirect_uri: app.redirectUris[0]!, scope: 'email', email: 'giulia@example.it', password: 'meta-demo', granted: 'email' }),
    });
    expect(res.status).toBe(302);
  });

  it('moves the virtual clock only when told', async () => {
    await emu.control('POST', '/reset');
    const t0 = Date.parse(String((await emu.control('GET', '/clock')).body.now));
    expect(Math.abs(t0 - Date.now())).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 30));
    expect(Date.parse(String((await emu.control('GET', '/clock')).body.now))).toBe(t0);
    const advanced = await emu.control('POST', '/clock', { advanceSeconds: 3600 });
    expect(Date.parse(String(advanced.body.now))).toBe(t0 + 3_600_000);
    const set = await emu.control('POST', '/clock', { now: '2030-01-02T03:04:05.000Z' });
    expect(set.body).toEqual({ now: '2030-01-02T03:04:05.000Z', deliveries: [] });
    expect((await emu.control('POST', '/clock', { now: 'yesterday-ish' })).status).toBe(400);
  });

  it('logs Graph and OAuth calls (not control calls), without version prefix or query', async () => {
    await emu.control('POST', '/reset');
    await emu.control('PUT', '/world', testWorld());
    await emu.control('POST', '/clock', { now: '2026-05-01T00:00:00.000Z' });
    const token = await emu.mint(USERS.giulia.id);
    await emu.get(`/${DEFAULT_GRAPH_VERSION}/me`, token, { fields: 'id' });
    await emu.get('/act_999', token);
    const { body } = await emu.control<{ calls: Array<Record<string, unknown>> }>('GET', '/calls');
    expect(body.calls).toEqual([
      { at: '2026-05-01T00:00:00.000Z', method: 'GET', path: '/me', version: DEFAULT_GRAPH_VERSION, userId: USERS.giulia.id, status: 200, errorCode: null },
      { at: '2026-05-01T00:00:00.000Z', method: 'GET', path: '/act_999', version: null, userId: USERS.giulia.id, status: 400, errorCode: 100 },
    ]);
    expect((await emu.control<{ calls: unknown[] }>('GET', '/calls?limit=1')).body.calls).toHaveLength(1);
    await emu.control('POST', '/reset');
    expect((await emu.control<{ calls: unknown[] }>('GET', '/calls')).body.calls).toEqual([]);
    expect((await emu.control<{ users: unknown[] }>('GET', '/world')).body.users).toEqual([]);
  });

  it('validates minting and user events', async () => {
    await emu.control('PUT', '/world', testWorld());
    expect((await emu.control('POST', '/tokens', { appId: 'nope', userId: USERS.giulia.id, kind: 'long' })).status).toBe(400);
    expect((await emu.control('POST', '/tokens', { appId: APP.id, userId: 'nobody', kind: 'long' })).status).toBe(400);
    expect((await emu.control('POST', '/tokens', { appId: APP.id, userId: USERS.giulia.id, kind: 'forever' })).status).toBe(400);
    expect((await emu.control('POST', '/users/nobody/logout')).status).toBe(404);
    expect((await emu.control('POST', `/users/${USERS.giulia.id}/remove-app`, {})).status).toBe(400);
    expect((await emu.control('GET', '/nothing-here')).status).toBe(404);
  });
});

describe('default world', () => {
  it('has the demo data the issue asks for', () => {
    const w = defaultWorld();
    expect(w.users.length).toBeGreaterThanOrEqual(2);
    expect(w.businesses).toHaveLength(2);
    expect(w.businesses.flatMap((b) => b.systemUsers).length).toBeGreaterThanOrEqual(1);
    expect(w.adAccounts).toHaveLength(6);
    expect(w.pages).toHaveLength(4);
    expect(w.pixels).toHaveLength(3);
    expect(w.catalogs).toHaveLength(2);
    expect(w.campaigns.length).toBeGreaterThan(6);
    expect(w.apps).toEqual([]);
    expect(w.users.every((u) => u.password === 'meta-demo')).toBe(true);
  });
});
