import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../src/notifications/delivery.ts';
import { startAlertsWorld, type AlertsWorld } from './harness.ts';

describe('a channel that fails', () => {
  let w: AlertsWorld;
  beforeAll(async () => {
    w = await startAlertsWorld();
  });
  afterAll(() => w.close());

  it('is retried with backoff on the injected clock, then recorded as failed; in-app, Telegram and the status change are unaffected', async () => {
    const { s } = w;
    const owner = await w.signIn('Failing SMTP', 'en', 'admin');
    await w.setBot(owner);
    await w.linkTelegram(owner, 601);
    const profile = await w.connect(owner, 'giulia');
    w.smtp.refuse(451, 'Requested action aborted: local error in processing');
    // Telegram is throttled once: it asks for 90 s, longer than our first backoff step.
    w.telegram.fail({ method: 'sendMessage', status: 429, description: 'Too Many Requests: retry after 90', retryAfter: 90, times: 1 });

    await s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    expect((await (await s.request(`/api/meta-users/${profile}`, { cookie: owner.cookie })).json()) as { metaUser: { status: string } }).toMatchObject({ metaUser: { status: 'expired' } });
    expect((await w.notifications(owner)).map((n) => n.type)).toEqual(['token_expired']);

    expect(await w.sweep()).toMatchObject({ sent: 0, retry: 2 });
    const first = await w.deliveries(owner);
    expect(first.find((d) => d.channel === 'email')).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
    expect(first.find((d) => d.channel === 'telegram')).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('429') });
    // Not due yet: nothing is tried again.
    expect(await w.sweep()).toMatchObject({ sent: 0, retry: 0, failed: 0 });

    await w.advance(RETRY_DELAYS_SECONDS[0]);
    expect(await w.sweep()).toMatchObject({ retry: 1, sent: 0 }); // email again; Telegram waits for its 90 s
    await w.advance(90 - RETRY_DELAYS_SECONDS[0]);
    expect(await w.sweep()).toMatchObject({ sent: 1, retry: 0 });
    expect(w.alertsTo(601)).toHaveLength(1);

    for (const delay of RETRY_DELAYS_SECONDS.slice(1)) {
      await w.advance(delay);
      const outcome = await w.sweep();
      expect(outcome.retry + outcome.failed).toBe(1);
    }
    const email = (await w.deliveries(owner, '?state=failed'))[0];
    expect(email).toMatchObject({ channel: 'email', state: 'failed', attempts: MAX_ATTEMPTS, lastError: expect.stringContaining('451') });
    await w.advance(24 * 3600);
    expect(await w.sweep()).toMatchObject({ sent: 0, retry: 0, failed: 0 });
    expect(w.mailsTo(owner.email)).toEqual([]);
    // In-app still shows it, and the profile stays Expired.
    expect((await w.notifications(owner)).map((n) => n.type)).toEqual(['token_expired']);
    expect((await w.deliveries(owner)).map((d) => `${d.channel}:${d.state}`).sort()).toEqual(['email:failed', 'telegram:sent']);
  });

  it('a mail server that recovers delivers on the next attempt; a recipient Telegram refuses for good is not retried', async () => {
    const { s } = w;
    w.smtp.accept();
    w.telegram.clearFaults();
    const owner = await w.signIn('Recovering SMTP', 'it', 'admin');
    await w.setBot(owner);
    await w.linkTelegram(owner, 602);
    const profile = await w.connect(owner, 'mark');
    w.smtp.refuse(421, 'Service not available, closing transmission channel', 1);
    w.telegram.fail({ method: 'sendMessage', status: 403, description: 'Forbidden: bot was blocked by the user' });
    await s.control('POST', '/__control/users/10002/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    expect(await w.sweep()).toMatchObject({ retry: 1, failed: 1 });
    await w.advance(RETRY_DELAYS_SECONDS[0]);
    expect(await w.sweep()).toMatchObject({ sent: 1 });
    expect(w.mailsTo(owner.email).map((m) => m.subject)).toEqual(['Token Meta scaduto — Riconnetti il profilo Meta (Mark Doe)']);
    const log = await w.deliveries(owner);
    expect(log.find((d) => d.channel === 'email')).toMatchObject({ state: 'sent', attempts: 2 });
    expect(log.find((d) => d.channel === 'telegram')).toMatchObject({ state: 'failed', attempts: 1, lastError: 'Telegram sendMessage: 403 Forbidden: bot was blocked by the user' });
    w.telegram.clearFaults();
  });

  it('a Telegram refusal whose description holds a NUL is recorded without it (PostgreSQL refuses one in text)', async () => {
    const { s } = w;
    w.smtp.accept();
    w.telegram.clearFaults();
    const owner = await w.signIn('NUL from Telegram', 'en', 'admin');
    await w.setBot(owner);
    await w.linkTelegram(owner, 603);
    const profile = await w.connect(owner, 'mark');
    w.telegram.fail({ method: 'sendMessage', status: 403, description: 'Forbidden: bot was\u0000 blocked by the user' });
    await s.control('POST', '/__control/users/10002/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    expect(await w.sweep()).toMatchObject({ sent: 1, failed: 1 });
    const log = await w.deliveries(owner);
    expect(log.find((d) => d.channel === 'telegram')).toMatchObject({ state: 'failed', attempts: 1, lastError: 'Telegram sendMessage: 403 Forbidden: bot was blocked by the user' });
    w.telegram.clearFaults();
  });

  it('an unreachable mail server: recorded and retried, the request that found the incident answers as usual', async () => {
    const { s } = w;
    const owner = await w.signIn('Down SMTP', 'en', 'admin');
    const profile = await w.connect(owner, 'giulia');
    await w.smtp.close();
    await s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    expect(await w.sweep()).toMatchObject({ retry: 1 });
    expect((await w.deliveries(owner))[0]).toMatchObject({ channel: 'email', state: 'pending', attempts: 1, lastError: expect.stringMatching(/^SMTP: /) });
  });
});
