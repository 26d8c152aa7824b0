import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { CONTENT_SECURITY_POLICY, webRoutes } from '../../src/http/routes/web.ts';
import { ensureWebBuilt } from '../../src/web/build.ts';
import { ROUTES } from '../../src/web/src/paths.ts';
import { buildTestApp, signedInMember, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

describe('web UI routes', () => {
  let database: Database;
  let t: TestApp;
  let assets: string[];

  beforeAll(async () => {
    const { distDir } = await ensureWebBuilt();
    assets = await readdir(path.join(distDir, 'assets'));
    database = await createTestDatabase();
    t = buildTestApp(database, { routes: [webRoutes(distDir)] });
  });
  afterAll(async () => {
    await database.close();
  });

  it('answers every client-side route with index.html, never cached, under a strict CSP', async () => {
    const paths = Object.values(ROUTES).map((pattern) => pattern.replace(':id', 'c0ffee00-0000-4000-8000-000000000000'));
    expect(paths).toEqual(expect.arrayContaining(['/', '/login', '/meta-users', '/ad-accounts', '/notifications', '/admin/jobs']));
    for (const route of paths) {
      const response = await t.request(route);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      const html = await response.text();
      expect(html).toContain('<div id="root"></div>');
      // No inline script: every <script> has a src on this origin.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/assets\//);
    }
    const csp = CONTENT_SECURITY_POLICY;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets with their content type and a year of cache; the favicon briefly', async () => {
    const js = assets.find((name) => name.endsWith('.js'));
    const css = assets.find((name) => name.endsWith('.css'));
    expect(js && css).toBeTruthy();
    const script = await t.request(`/assets/${js}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Number(script.headers.get('content-length'))).toBeGreaterThan(1000);
    const style = await t.request(`/assets/${css}`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await t.request('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
    // The app's security headers apply to the UI as well.
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shadows none of /api, /connect, /healthz, /readyz, /metrics', async () => {
    const { cookie } = await signedInMember(t, database, { role: 'admin' });
    const me = await t.request('/api/me', { cookie });
    expect(me.headers.get('content-type')).toContain('application/json');
    expect(((await me.json()) as { member: { email: string } }).member.email).toContain('@');
    const missingApi = await t.request('/api/meta-users-nope', { cookie });
    expect(missingApi.status).toBe(404);
    expect(await missingApi.json()).toMatchObject({ error: { code: 'not_found' } });
    const health = await t.request('/healthz');
    expect(await health.json()).toEqual({ ok: true });
    const metrics = await t.request('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    for (const route of ['/connect/meta', '/connect/meta/callback', '/readyz', '/api/meta-users']) {
      const response = await t.request(route, { cookie });
      expect(response.headers.get('content-type') ?? '', route).not.toContain('text/html');
    }
  });

  it('answers unknown paths and missing or escaping asset paths with a JSON 404, never index.html', async () => {
    for (const route of ['/nothing-here', '/meta-users/a/b', '/assets/nope.js', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/.build-stamp.json', '/.build-stamp.json', '/index.html']) {
      const response = await t.request(route);
      expect(response.status, route).toBe(404);
      expect(response.headers.get('content-type'), route).toContain('application/json');
    }
  });

  it('says so when the UI has not been built, instead of serving nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'wevion-web-empty-'));
    try {
      const bare = buildTestApp(database, { routes: [webRoutes(empty)] });
      const response = await bare.request('/meta-users');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'not_ready' } });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
