import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { Emu, USERS, testWorld } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
});

describe('fault injection', () => {
  it('answers with a canned JSON body, status and headers, `times` times, on the matching path only', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const body = { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'X' } };
    const added = await emu.control('POST', '/faults', { match: { method: 'GET', path: '^/me/adaccounts$' }, respond: { status: 503, body, headers: { 'retry-after': '7' } }, times: 2 });
    expect(added.status).toBe(201);
    expect(typeof added.body.id).toBe('string');
    expect((await emu.get('/me', token)).status).toBe(200);
    const first = await emu.get(`/${DEFAULT_GRAPH_VERSION}/me/adaccounts`, token);
    expect(first.status).toBe(503);
    expect(first.body).toEqual(body);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await emu.get('/me/adaccounts', token)).status).toBe(503);
    expect((await emu.get('/me/adaccounts', token)).status).toBe(200);
  });

  it('sends a raw string body as it is', async () => {
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, respond: { status: 200, body: '{"id":"1", "na' } });
    const res = await fetch(`${running.url}/me`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"id":"1", "na');
  });

  it('drops the connection', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, drop: true, times: 1 });
    await expect(emu.get('/me', token)).rejects.toThrow();
    expect((await emu.get('/me', token)).status).toBe(200);
  });

  it('delays an answer by real time, then answers normally', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, delayMs: 200 });
    const started = performance.now();
    const r = await emu.get('/me', token);
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('matches by user and applies with the given probability', async () => {
    const giulia = await emu.mint(USERS.giulia.id);
    const marco = await emu.mint(USERS.marco.id);
    await emu.control('POST', '/faults', { match: { userId: USERS.marco.id }, respond: { status: 500, body: { error: { code: 1, message: 'x' } } } });
    await emu.control('POST', '/faults', { match: { path: '^/act_' }, respond: { status: 500, body: {} }, probability: 0 });
    expect((await emu.get('/me', giulia)).status).toBe(200);
    expect((await emu.get('/me', marco)).status).toBe(500);
    expect((await emu.get('/act_1', giulia)).status).toBe(200);
    const calls = await emu.control<{ calls: Array<{ path: string; userId: string; status: number; errorCode: number | null }> }>('GET', '/calls');
    expect(calls.body.calls.find((c) => c.userId === USERS.marco.id)).toMatchObject({ path: '/me', status: 500, errorCode: 1 });
  });

  it('never applies to the control API, and DELETE clears every fault', async () => {
    await emu.control('POST', '/faults', { match: {}, respond: { status: 500, body: 'boom' } });
    expect((await emu.control('GET', '/health')).body).toEqual({ ok: true });
    expect((await fetch(`${running.url}/me`)).status).toBe(500);
    expect((await emu.control('DELETE', '/faults')).status).toBe(204);
    expect((await fetch(`${running.url}/me`)).status).toBe(400);
  });

  it('rejects malformed fault definitions', async () => {
    expect((await emu.control('POST', '/faults', { match: { path: '(' }, drop: true })).status).toBe(400);
    expect((await emu.control('POST', '/faults', { match: {} })).status).toBe(400);
    expect((await emu.control('POST', '/faults', { match: {}, drop: true, probability: 2 })).status).toBe(400);
  });
});
