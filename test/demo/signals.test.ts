/**
 * The demo sets Meta's push signals up by itself (issue 26 §7): a visitor opens the emulator's
 * "Apps and websites" page as Giulia, removes the app, and Giulia's profile changes within
 * seconds, with the notification, with no other call. After a restart it still does, and a
 * demo-app.json written before the verify token existed keeps its app.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/accounts/accounts.ts';
import { loadDemoApp } from '../../src/demo/demo-meta.ts';
import { startDemoService, type DemoService } from '../browser/demo-fixture.ts';
import { waitFor } from '../helpers/wait.ts';

describe('demo-app.json', () => {
  it('a file from before the webhook verify token keeps its app and gains a token, kept from then on', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wevion-demo-app-'));
    try {
      const file = path.join(dir, 'demo-app.json');
      writeFileSync(file, JSON.stringify({ id: '1123456789012345', secret: 'an-old-demo-secret-0123456789ab' }), { mode: 0o600 });
      const first = loadDemoApp(dir);
      expect(first).toMatchObject({ id: '1123456789012345', secret: 'an-old-demo-secret-0123456789ab' });
      expect(first.webhookVerifyToken).toMatch(/^[0-9a-f]{32}$/);
      expect(loadDemoApp(dir)).toEqual(first);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the demo: remove the app on the emulator’s settings page, see the profile change', { timeout: 180_000 }, () => {
  let demo: DemoService;
  beforeAll(async () => {
    demo = await startDemoService();
  }, 180_000);
  afterAll(() => demo?.stop());

  async function signedIn(): Promise<string> {
    const response = await fetch(`${demo.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: demo.url }, body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }) });
    return (response.headers.getSetCookie().find((line) => line.startsWith('wevion_session=')) ?? '').split(';')[0] as string;
  }
  const api = async <T>(cookie: string, pathname: string) => (await (await fetch(`${demo.url}${pathname}`, { headers: { cookie } })).json()) as T;
  const giulia = async (cookie: string) =>
    (await api<{ metaUsers: Array<{ id: string; name: string; status: string; lastError: { causeKey: string } | null }> }>(cookie, '/api/meta-users?q=Giulia')).metaUsers[0]!;

  async function browse(pathname: string, options: { cookie?: string; form?: Record<string, string> } = {}) {
    const response = await fetch(`${demo.emulatorUrl}${pathname}`, {
      method: options.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: options.form ? new URLSearchParams(options.form) : undefined,
    });
    return { status: response.status, html: await response.text(), cookie: response.headers.get('set-cookie') };
  }

  it('is subscribed by itself: GET /api/meta-app says so, with the URLs the emulator calls', async () => {
    const cookie = await signedIn();
    const signals = await waitFor('the demo’s subscription', async () => {
      const answer = await api<{ signals: { subscription: { state: string }; urls: { webhooks: string } } }>(cookie, '/api/meta-app');
      return answer.signals.subscription.state === 'ok' ? answer.signals : undefined;
    }, 15_000, 250);
    expect(signals.urls.webhooks).toBe(`${demo.url}/connect/meta/webhooks`);
  });

  it('Giulia removes Wevion on the settings page: her profile is Expired within seconds, the cause on it, the notification in the bell', async () => {
    const cookie = await signedIn();
    expect((await giulia(cookie)).status).toBe('active');
    const login = await browse('/settings/apps/login', { form: { email: 'giulia@example.it', password: 'meta-demo' } });
    expect(login.status).toBe(303);
    const session = (login.cookie ?? '').split(';')[0] as string;
    const page = await browse('/settings/apps', { cookie: session });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const app = /name="app" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    expect(page.html).toContain('>Remove Wevion (demo)</button>');

    const clicked = performance.now();
    expect((await browse('/settings/apps/remove', { cookie: session, form: { app, csrf } })).status).toBe(303);
    const said = await browse('/settings/apps', { cookie: session });
    expect(said.html).toContain('deauthorize callback delivered (HTTP 200); permissions webhook delivered (HTTP 200)');

    const expired = await waitFor('Giulia to be Expired', async () => {
      const profile = await giulia(cookie);
      return profile.status === 'expired' ? profile : undefined;
    }, 10_000, 100);
    const seconds = (performance.now() - clicked) / 1000;
    console.log(`demo: Giulia's profile Expired ${seconds.toFixed(2)} s after the click`);
    expect(expired.lastError?.causeKey).toBe('app_removed');
    const notifications = await api<{ notifications: Array<{ type: string; profileName: string | null; cause: string }> }>(cookie, '/api/notifications');
    // The demo account speaks Italian.
    expect(notifications.notifications.find((n) => n.profileName === 'Giulia Rossi')).toMatchObject({ type: 'token_expired', cause: 'App rimossa su Meta' });
  });

  it('after a restart, the demo subscribes again by itself and Giulia stays as she was', async () => {
    await demo.restart();
    const cookie = await signedIn();
    await waitFor('the subscription after the restart', async () => (await api<{ signals: { subscription: { state: string } } }>(cookie, '/api/meta-app')).signals.subscription.state === 'ok', 15_000, 250);
    expect((await giulia(cookie)).status).toBe('expired');
  });
});
