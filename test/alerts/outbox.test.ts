import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { testConfig } from '../helpers/app.ts';
import { APP_SECRET, startTestService, type TestService } from '../helpers/service.ts';

async function incident(s: TestService, locale: 'it' | 'en') {
  const owner = await s.signIn({ workspace: 'Outbox', role: 'admin', locale });
  await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
  const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: owner.cookie })).json()) as { metaUsers: Array<{ id: string }> };
  await s.control('POST', '/__control/users/10001/change-password');
  await s.request('/api/graph/proxy', { method: 'POST', cookie: owner.cookie, json: { profileId: metaUsers[0]!.id, path: '/me' } });
  return { owner, profileId: metaUsers[0]!.id };
}

describe('email without SMTP_URL', () => {
  let s: TestService;
  afterEach(() => s.close());

  it('in demo mode goes to the outbox, which admins read', async () => {
    s = await startTestService();
    expect(s.config.demoMode).toBe(true);
    const { owner, profileId } = await incident(s, 'en');
    expect(await s.queue.runNow('notification-sweep')).toMatchObject({ sent: 1 });
    const outbox = (await (await s.request('/api/outbox', { cookie: owner.cookie })).json()) as {
      demoMode: boolean;
      messages: Array<{ to: string; from: string; subject: string; text: string; html: string; transport: string }>;
    };
    expect(outbox.demoMode).toBe(true);
    expect(outbox.messages).toEqual([
      expect.objectContaining({
        to: owner.email,
        from: 'Wevion Token Health <alerts@wevion.invalid>',
        subject: 'Meta token expired — Reconnect your Meta profile (Giulia Rossi)',
        transport: 'outbox',
      }),
    ]);
    expect(outbox.messages[0]!.text).toContain(`http://wevion.test/connect/meta/reconnect/${profileId}`);
    expect(outbox.messages[0]!.html).toContain(`href="http://wevion.test/connect/meta/reconnect/${profileId}"`);
    const prefs = (await (await s.request('/api/alerts/preferences', { cookie: owner.cookie })).json()) as { channels: { email: { available: boolean } } };
    expect(prefs.channels.email.available).toBe(true);
  });

  it('outside demo mode there is no email channel: in-app only, nothing planned, nothing failed', async () => {
    s = await startTestService({ env: { META_APP_ID: '777000111222333', META_APP_SECRET: APP_SECRET } });
    expect(s.config.demoMode).toBe(false);
    const { owner } = await incident(s, 'it');
    expect(await s.queue.runNow('notification-sweep')).toMatchObject({ sent: 0, retry: 0, failed: 0 });
    expect((await (await s.request('/api/alerts/deliveries', { cookie: owner.cookie })).json()) as { deliveries: unknown[] }).toEqual({ deliveries: [], nextCursor: null });
    expect(((await (await s.request('/api/notifications', { cookie: owner.cookie })).json()) as { notifications: Array<{ message: string }> }).notifications.map((n) => n.message)).toEqual([
      'Token Meta scaduto — Riconnetti il profilo Meta',
    ]);
    const prefs = (await (await s.request('/api/alerts/preferences', { cookie: owner.cookie })).json()) as { channels: { email: { available: boolean } } };
    expect(prefs.channels.email.available).toBe(false);
  });
});

describe('alert settings', () => {
  it('validates SMTP_URL, MAIL_FROM and TELEGRAM_API_URL without echoing a password', () => {
    expect(() => testConfig({ SMTP_URL: 'http://user:s3cret@mail.example.com' })).toThrow(ConfigError);
    const message = (() => {
      try {
        testConfig({ SMTP_URL: 'mail.example.com:s3cret' });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^SMTP_URL: /);
    expect(message).not.toContain('s3cret');
    expect(() => testConfig({ MAIL_FROM: 'no address' })).toThrow(/MAIL_FROM/);
    expect(() => testConfig({ TELEGRAM_API_URL: 'ftp://x' })).toThrow(/TELEGRAM_API_URL/);
    expect(testConfig({ SMTP_URL: 'smtps://alerts:s3cret@smtp.example.com:465' }).alerts).toEqual({
      smtpUrl: 'smtps://alerts:s3cret@smtp.example.com:465',
      mailFrom: 'Wevion Token Health <alerts@wevion.invalid>',
      telegramApiUrl: 'https://api.telegram.org',
      operatorEmails: [],
    });
  });
});
