/**
 * Sessions under attack: CSRF on every cookie-authenticated state change (and on sign-in itself),
 * session fixation, sign-in throttling per email and per client address (a real socket), and
 * the cookie's flags with an https PUBLIC_URL.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser } from '../../src/accounts/accounts.ts';
import { hashCredential } from '../../src/accounts/secrets.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { databaseDigest } from './digest.ts';

const PASSWORD = 'correct horse battery';

describe('CSRF and session fixation', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(() => s?.close());

  it('refuses every cookie-authenticated state change without our exact Origin, and changes nothing', async () => {
    const admin = await s.signIn({ workspace: 'CSRF', role: 'admin' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const [profile] = await s.database.db.selectFrom('meta_users').select('id').execute();
    const changing = [...new Set(s.app.routes.filter((r) => !['ALL', 'GET', 'HEAD', 'OPTIONS'].includes(r.method)).map((r) => `${r.method} ${r.path}`))];
    expect(changing.length).toBeGreaterThanOrEqual(10);
    const origins: Array<Record<string, string>> = [
      {}, // no Origin at all (a form post from an old browser, or a script)
      { origin: 'https://evil.example' },
      { origin: 'null' }, // sandboxed frames, file: pages
      { origin: 'https://wevion.test' }, // our host, other scheme
      { origin: 'http://wevion.test:8080' }, // our host, other port
      { origin: 'http://wevion.test.evil.example' },
      { referer: 'http://wevion.test/meta-users' }, // a Referer is not an Origin
    ];
    const before = await databaseDigest(s.database.db);
    for (const route of changing) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern
        .replace(':name', 'token-refresh')
        .replace(/:[a-zA-Z]+/g, profile!.id);
      for (const headers of origins) {
        const response = await s.request(path, { method, cookie: admin.cookie, headers: { ...headers, 'x-no-origin': '1' }, json: { locale: 'en', email: 'x@y.z', password: 'p', url: 'https://a.example', accessToken: 'EAAx', profileId: profile!.id, path: '/me', status: 'PAUSED' } });
        expect(response.status, `${route} ${JSON.stringify(headers)}`).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('csrf_rejected');
      }
    }
    expect(await databaseDigest(s.database.db)).toEqual(before);
  });

  it('refuses a cross-site sign-in (login CSRF) and allows API keys from anywhere', async () => {
    const email = `login-csrf-${Date.now()}@example.test`;
    await createUser(s.database.db, { workspace: 'CSRF', email, password: PASSWORD, role: 'member' });
    const crossSite = await s.request('/api/session', { method: 'POST', headers: { origin: 'https://evil.example' }, json: { email, password: PASSWORD } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const { key } = await createApiKey(s.database.db, { workspace: 'CSRF', name: 'csrf' });
    const viaKey = await s.request('/api/graph/proxy', { method: 'POST', headers: { authorization: `Bearer ${key}`, origin: 'https://evil.example' }, json: { profileId: '10001', path: '/me' } });
    expect(viaKey.status).toBe(200);
  });

  it('never promotes a session id planted before sign-in, and issues a fresh one at every sign-in', async () => {
    const email = `fixation-${Date.now()}@example.test`;
    await createUser(s.database.db, { workspace: 'Fixation', email, password: PASSWORD, role: 'member' });
    const planted = 'wevs_AttackerChoseThisValue0000000000000000000';
    const response = await s.request('/api/session', { method: 'POST', cookie: `wevion_session=${planted}`, json: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    const issued = response.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    expect(issued).not.toBe(planted);
    expect(issued).toMatch(/^wevs_[A-Za-z0-9_-]{43}$/);
    expect((await s.request('/api/me', { cookie: `wevion_session=${planted}` })).status).toBe(401);
    const hashes = (await s.database.db.selectFrom('sessions').select('id_hash').execute()).map((r) => r.id_hash);
    expect(hashes).not.toContain(hashCredential(planted));
    expect(hashes).toContain(hashCredential(issued));
    // The table holds hashes only: no session id in plain text.
    expect(hashes).not.toContain(issued);
    // Signing in again from a signed-in browser still gives a new id.
    const again = await s.request('/api/session', { method: 'POST', cookie: `wevion_session=${issued}`, json: { email, password: PASSWORD } });
    const second = again.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    expect(second).not.toBe(issued);
    // Signing out ends the session on the server, not only in the browser.
    expect((await s.request('/api/session', { method: 'DELETE', cookie: `wevion_session=${second}` })).status).toBe(204);
    expect((await s.request('/api/me', { cookie: `wevion_session=${second}` })).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const { cookie } = await s.signIn({ workspace: 'Fixation' });
    expect((await s.request('/api/me', { cookie })).status).toBe(200);
    await s.advance(s.config.sessionTtlHours * 3600 + 1);
    expect((await s.request('/api/me', { cookie })).status).toBe(401);
  });
});

describe('sign-in throttling through a real socket', () => {
  let s: TestService;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    s = await startTestService({ env: { LOGIN_ATTEMPTS_PER_WINDOW: '3', LOGIN_WINDOW_MINUTES: '15' } });
    server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server)) as Server;
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await s?.close();
  });

  const signIn = (email: string, password: string) =>
    fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://wevion.test' }, body: JSON.stringify({ email, password }) });

  it('per email: the right password is refused inside the window, accepted after it, and unknown emails look the same', async () => {
    await createUser(s.database.db, { workspace: 'Throttle', email: 'dora@example.test', password: PASSWORD, role: 'member' });
    for (let i = 0; i < 3; i++) expect((await signIn('dora@example.test', `guess-${i}`)).status).toBe(401);
    const blocked = await signIn('DORA@example.test', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await signIn('ghost@example.test', `guess-${i}`)).status).toBe(401);
    expect((await signIn('ghost@example.test', PASSWORD)).status).toBe(429);
    await s.advance(15 * 60 + 1);
    expect((await signIn('dora@example.test', PASSWORD)).status).toBe(200);
  });

  it('per client address: spraying many emails from one address is stopped too', async () => {
    await s.advance(16 * 60);
    await createUser(s.database.db, { workspace: 'Throttle', email: 'ezio@example.test', password: PASSWORD, role: 'member' });
    // 3 per email × 5 for an address: the 15 failures spread over 15 emails block the address.
    for (let i = 0; i < 15; i++) expect((await signIn(`spray${i}@example.test`, 'guess')).status).toBe(401);
    const blocked = await signIn('ezio@example.test', PASSWORD);
    expect(blocked.status).toBe(429);
    const rows = await s.database.db.selectFrom('login_attempts').select(['throttle_key', 'failures']).execute();
    expect(rows.find((r) => r.throttle_key === 'ip:127.0.0.1')?.failures).toBe(15);
  });
});

describe('cookie flags with an https PUBLIC_URL', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ env: { PUBLIC_URL: 'https://wevion.example' } });
  });
  afterAll(() => s?.close());

  it('marks the session cookie Secure, HttpOnly, SameSite=Lax, Path=/, and clears it the same way', async () => {
    const email = `secure-${Date.now()}@example.test`;
    await createUser(s.database.db, { workspace: 'Secure', email, password: PASSWORD, role: 'member' });
    const response = await s.request('/api/session', { method: 'POST', headers: { origin: 'https://wevion.example' }, json: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    const attributes = cookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    expect(attributes.some((a) => a.startsWith('expires='))).toBe(true);
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    const value = cookie.split(';')[0]!;
    // The origin check follows PUBLIC_URL: the http origin of the same host is foreign now.
    expect((await s.request('/api/me', { method: 'PATCH', cookie: value, headers: { origin: 'http://wevion.example' }, json: { locale: 'en' } })).status).toBe(403);
    expect((await s.request('/api/me', { method: 'PATCH', cookie: value, headers: { origin: 'https://wevion.example' }, json: { locale: 'en' } })).status).toBe(200);
    const out = await s.request('/api/session', { method: 'DELETE', cookie: value, headers: { origin: 'https://wevion.example' } });
    const cleared = out.headers.get('set-cookie')!.toLowerCase();
    expect(cleared).toContain('secure');
    expect(cleared).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
  });
});
