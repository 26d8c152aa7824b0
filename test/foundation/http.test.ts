import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser } from '../../src/accounts/accounts.ts';
import type { Database } from '../../src/db/database.ts';
import { buildTestApp, signedInMember, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

describe('HTTP foundation', () => {
  let database: Database;
  let t: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase();
    t = buildTestApp(database, { env: { LOGIN_ATTEMPTS_PER_WINDOW: '3' } });
    await t.queue.start({ work: false, schedule: false });
  });
  afterAll(async () => {
    await t.queue.stop(1000);
    await database.close();
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await t.request('/healthz')).status).toBe(200);
    const ready = await t.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: true, queue: true });
    const metrics = await t.request('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('wevion_http_request_duration_seconds');
  });

  it('signs in with a session cookie flagged HttpOnly and SameSite=Lax, and signs out', async () => {
    await createUser(database.db, { workspace: 'Acme', email: 'anna@acme.test', password: 'anna-password', role: 'member' });
    const response = await t.request('/api/session', { method: 'POST', json: { email: 'ANNA@acme.test', password: 'anna-password' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { member: Record<string, unknown> };
    expect(body.member).toMatchObject({ email: 'anna@acme.test', role: 'member', locale: 'it' });
    expect(JSON.stringify(body)).not.toContain('password');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^wevion_session=wevs_/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
    const cookie = setCookie.split(';')[0]!;
    expect((await t.request('/api/me', { cookie })).status).toBe(200);
    expect((await t.request('/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    expect((await t.request('/api/me', { cookie })).status).toBe(401);
  });

  it('refuses a wrong password and an unknown email alike, and changes nothing', async () => {
    await createUser(database.db, { workspace: 'Acme', email: 'bruno@acme.test', password: 'bruno-password', role: 'member' });
    const sessionsBefore = await database.db.selectFrom('sessions').select('id_hash').execute();
    for (const email of ['bruno@acme.test', 'nobody@acme.test']) {
      const response = await t.request('/api/session', { method: 'POST', json: { email, password: 'wrong' } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Email or password is wrong.' } });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await database.db.selectFrom('sessions').select('id_hash').execute()).toHaveLength(sessionsBefore.length);
  });

  it('throttles repeated failures, even when the right password finally comes', async () => {
    await createUser(database.db, { workspace: 'Acme', email: 'carla@acme.test', password: 'carla-password', role: 'member' });
    for (let i = 0; i < 3; i++) {
      expect((await t.request('/api/session', { method: 'POST', json: { email: 'carla@acme.test', password: 'nope' } })).status).toBe(401);
    }
    const blocked = await t.request('/api/session', { method: 'POST', json: { email: 'carla@acme.test', password: 'carla-password' } });
    expect(blocked.status).toBe(429);
    expect((await blocked.json()) as object).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    expect((await t.request('/api/session', { method: 'POST', json: { email: 'carla@acme.test', password: 'carla-password' } })).status).toBe(200);
  });

  it('validates bodies: malformed JSON and missing fields are 400 with a code', async () => {
    const bad = await t.request('/api/session', { method: 'POST', body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const missing = await t.request('/api/session', { method: 'POST', json: { email: 'x@y.z' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('rejects cookie-authenticated state changes without our Origin (CSRF), and allows API keys', async () => {
    const { cookie } = await signedInMember(t, database, { workspace: 'Acme', role: 'admin' });
    const noOrigin = await t.request('/api/me', { method: 'PATCH', cookie, json: { locale: 'en' }, headers: { 'x-no-origin': '1' } });
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.json()).toMatchObject({ error: { code: 'csrf_rejected' } });
    const foreign = await t.request('/api/me', { method: 'PATCH', cookie, json: { locale: 'en' }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const ok = await t.request('/api/me', { method: 'PATCH', cookie, json: { locale: 'en' } });
    expect(ok.status).toBe(200);
    const { key } = await createApiKey(database.db, { workspace: 'Acme', name: 'insights' });
    const viaKey = await t.request('/api/me', { headers: { authorization: `Bearer ${key}` } });
    expect(viaKey.status).toBe(200);
    const badKey = await t.request('/api/me', { headers: { authorization: 'Bearer wevk_not-a-key' } });
    expect(badKey.status).toBe(401);
  });

  it('keeps admin routes for admins, and unknown routes are JSON 404s', async () => {
    const member = await signedInMember(t, database, { role: 'member' });
    const admin = await signedInMember(t, database, { role: 'admin' });
    expect((await t.request('/api/jobs')).status).toBe(401);
    expect((await t.request('/api/jobs', { cookie: member.cookie })).status).toBe(403);
    expect((await t.request('/api/jobs', { cookie: admin.cookie })).status).toBe(200);
    const missing = await t.request('/api/nothing-here', { cookie: admin.cookie });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('tags every response with a request id', async () => {
    const response = await t.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect((await t.request('/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes passwords or session cookies to the logs', async () => {
    const { cookie } = await signedInMember(t, database, {});
    await t.request('/api/me', { cookie });
    const all = t.logLines.join('\n');
    expect(all).not.toContain('correct horse battery');
    expect(all).not.toContain(cookie.split('=')[1]!);
  });
});
