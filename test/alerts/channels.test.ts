import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL } from '../helpers/app.ts';
import { BOT_TOKEN, startAlertsWorld, type AlertsWorld } from './harness.ts';

const IT_EXPIRED = 'Token Meta scaduto — Riconnetti il profilo Meta';
const EN_EXPIRED = 'Meta token expired — Reconnect your Meta profile';
const IT_RECOVERED = 'Profilo Meta di nuovo attivo — la sincronizzazione riprende';

describe('an incident and its recovery, by email and Telegram', () => {
  let w: AlertsWorld;
  beforeAll(async () => {
    w = await startAlertsWorld();
  });
  afterAll(() => w.close());

  it('one email and one Telegram message per member, in their language, with a working Reconnect link; one recovery message', async () => {
    const { s } = w;
    const admin = await w.signIn('Channels', 'it', 'admin');
    const giulia = await w.signIn('Channels', 'it');
    const mark = await w.signIn('Channels', 'en');
    await w.setBot(admin);
    await w.linkTelegram(giulia, 501);
    await w.linkTelegram(mark, 502);
    // The handshake answered each person in their language.
    expect(w.telegram.sent({ chatId: '501' }).map((m) => m.text)).toEqual(['Collegato: gli avvisi di Wevion Token Health arriveranno qui.']);
    expect(w.telegram.sent({ chatId: '502' }).map((m) => m.text)).toEqual(['Linked: Wevion Token Health alerts will reach you here.']);
    const giuliaProfile = await w.connect(giulia, 'giulia');
    const markProfile = await w.connect(mark, 'mark');
    expect(await w.sweep()).toMatchObject({ sent: 0 });

    // Both Meta users change their password: many failing calls, one incident each.
    await s.control('POST', '/__control/users/10001/change-password');
    await s.control('POST', '/__control/users/10002/change-password');
    const failing = await Promise.all([...Array.from({ length: 3 }, () => w.proxy(giulia, giuliaProfile)), w.proxy(mark, markProfile), w.proxy(mark, markProfile)]);
    expect(failing.map((r) => r.status)).toEqual([502, 502, 502, 502, 502]);
    expect(await w.sweep()).toMatchObject({ sent: 4, retry: 0, failed: 0 });
    expect(await w.sweep()).toMatchObject({ dispatched: 0, sent: 0 });
    await w.proxy(giulia, giuliaProfile);
    expect(await w.sweep()).toMatchObject({ dispatched: 0, sent: 0 });

    const [itMail, ...moreIt] = w.mailsTo(giulia.email);
    expect(moreIt).toEqual([]);
    expect(itMail!.subject).toBe(`${IT_EXPIRED} (Giulia Rossi)`);
    expect(itMail!.from).toBe('alerts@wevion.test');
    const reconnect = `${PUBLIC_URL}/connect/meta/reconnect/${giuliaProfile}`;
    expect(itMail!.text).toContain('Profilo Meta: Giulia Rossi');
    expect(itMail!.text).toContain('Causa: Password cambiata su Meta');
    expect(itMail!.text).toContain('Cosa smette di funzionare: Finché non riconnetti, la sincronizzazione dei dati si ferma');
    expect(itMail!.text).toContain(`Riconnetti il profilo Meta: ${reconnect}`);
    expect(itMail!.html).toContain(`<a href="${reconnect}"`);
    expect(itMail!.html).toContain('<html lang="it">');
    expect(itMail!.text).toContain('Il pulsante apre la finestra di Meta: accedi come Giulia Rossi.');

    const [enMail, ...moreEn] = w.mailsTo(mark.email);
    expect(moreEn).toEqual([]);
    expect(enMail!.subject).toBe(`${EN_EXPIRED} (Mark Doe)`);
    expect(enMail!.text).toContain('Cause: Password changed on Meta');
    expect(enMail!.text).toContain('What stops working: Until you reconnect');
    expect(enMail!.html).toContain(`<a href="${PUBLIC_URL}/connect/meta/reconnect/${markProfile}"`);

    const [itTelegram, ...moreItTelegram] = w.alertsTo(501);
    expect(moreItTelegram).toEqual([]);
    expect(itTelegram!.parseMode).toBe('HTML');
    expect(itTelegram!.botToken).toBe(BOT_TOKEN);
    expect(itTelegram!.text).toContain(`<b>${IT_EXPIRED}</b>`);
    expect(itTelegram!.text).toContain('Password cambiata su Meta');
    expect(itTelegram!.text).toContain(`<a href="${reconnect}">Riconnetti il profilo Meta</a>`);
    const [enTelegram, ...moreEnTelegram] = w.alertsTo(502);
    expect(moreEnTelegram).toEqual([]);
    expect(enTelegram!.text).toContain(`<b>${EN_EXPIRED}</b>`);

    // The link works: one navigation to Meta's dialog for this profile (signed in as its owner).
    const url = new URL(reconnect);
    expect(url.origin).toBe(PUBLIC_URL);
    const toMeta = await s.request(url.pathname, { cookie: giulia.cookie });
    expect(toMeta.status).toBe(302);
    expect(new URL(toMeta.headers.get('location')!).origin).toBe(new URL(s.emulatorUrl).origin);
    const page = (await (await s.request(`/api/meta-users/${giuliaProfile}`, { cookie: giulia.cookie })).json()) as { metaUser: { status: string } };
    expect(page.metaUser.status).toBe('expired');

    // In-app shows the article's exact text and the same details.
    const inApp = await w.notifications(giulia);
    expect(inApp).toEqual([
      expect.objectContaining({ type: 'token_expired', message: IT_EXPIRED, profileName: 'Giulia Rossi', cause: 'Password cambiata su Meta', actionPath: `/connect/meta/reconnect/${giuliaProfile}` }),
    ]);

    // Reconnect: one recovery message per channel for Giulia, nothing for Mark.
    const back = await s.connect(giulia.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: url.pathname });
    expect(back.searchParams.get('result')).toBe('reconnected');
    expect(await w.sweep()).toMatchObject({ sent: 2 });
    const recovered = w.mailsTo(giulia.email).slice(1);
    expect(recovered.map((m) => m.subject)).toEqual([`${IT_RECOVERED} (Giulia Rossi)`]);
    expect(recovered[0]!.text).toContain('Causa: Il profilo è stato riconnesso');
    expect(w.alertsTo(501).slice(1).map((m) => m.text.split('\n')[0])).toEqual([`<b>${IT_RECOVERED}</b>`]);
    expect(w.mailsTo(mark.email)).toHaveLength(1);
    expect(w.alertsTo(502)).toHaveLength(1);
    const afterRecovery = await w.notifications(giulia);
    expect(afterRecovery.map((n) => [n.type, n.resolvedAt !== null])).toEqual(
      expect.arrayContaining([
        ['token_recovered', true],
        ['token_expired', true],
      ]),
    );
    expect(afterRecovery).toHaveLength(2);

    // A second reconnect of a healthy profile says nothing new.
    await s.connect(giulia.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${giuliaProfile}/reconnect`, startMethod: 'POST' });
    expect(await w.sweep()).toMatchObject({ dispatched: 0, sent: 0 });

    // The delivery log: everything sent, each (notification, channel) once.
    const log = await w.deliveries(admin, '?scope=workspace');
    expect(log).toHaveLength(6);
    expect(log.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
    expect((await w.deliveries(giulia)).map((d) => `${d.notificationType}/${d.channel}`).sort()).toEqual(['token_expired/email', 'token_expired/telegram', 'token_recovered/email', 'token_recovered/telegram']);
    expect((await s.request('/api/alerts/deliveries?scope=workspace', { cookie: giulia.cookie })).status).toBe(403);

    // Demo mode: the outbox shows admins what was mailed in their workspace.
    const outbox = (await (await s.request('/api/outbox', { cookie: admin.cookie })).json()) as { demoMode: boolean; messages: Array<{ to: string; subject: string; text: string; html: string; transport: string }> };
    expect(outbox.demoMode).toBe(true);
    expect(outbox.messages.map((m) => m.subject).sort()).toEqual([`${EN_EXPIRED} (Mark Doe)`, `${IT_EXPIRED} (Giulia Rossi)`, `${IT_RECOVERED} (Giulia Rossi)`].sort());
    expect(outbox.messages.every((m) => m.transport === 'smtp' && m.html.includes('<html'))).toBe(true);
    expect((await s.request('/api/outbox', { cookie: giulia.cookie })).status).toBe(403);

    // The bot token is never returned, and never written to a log.
    for (const path of ['/api/alerts/telegram', '/api/alerts/preferences']) {
      expect(await (await s.request(path, { cookie: admin.cookie })).text()).not.toContain(BOT_TOKEN.split(':')[1]!);
    }
    expect(s.logLines.join('\n')).not.toContain(BOT_TOKEN.split(':')[1]!);
  });

  it('a job per delivery is enqueued once the notifications are committed, and the job sends it', async () => {
    const { s } = w;
    const owner = await w.signIn('Jobs', 'en', 'admin');
    await w.setBot(owner);
    const profile = await w.connect(owner, 'giulia');
    await s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    const [delivery] = await w.deliveries(owner);
    expect(delivery).toMatchObject({ channel: 'email', state: 'pending', attempts: 0 });
    const jobs = await sql<{ data: { deliveryId: string } }>`select data from pgboss.job where name = 'notification-deliver'`.execute(s.database.db);
    const ids = jobs.rows.map((job) => job.data.deliveryId);
    const { deliveries } = (await (await s.request('/api/alerts/deliveries', { cookie: owner.cookie })).json()) as { deliveries: Array<{ id: string }> };
    expect(ids).toContain(deliveries[0]!.id);
    expect(await s.queue.runNow('notification-deliver', { deliveryId: deliveries[0]!.id })).toEqual({ outcome: 'sent' });
    // Run twice (pg-boss may deliver a job twice): nothing more is sent.
    expect(await s.queue.runNow('notification-deliver', { deliveryId: deliveries[0]!.id })).toEqual({ outcome: 'skipped' });
    expect(w.mailsTo(owner.email).map((m) => m.subject)).toEqual([`${EN_EXPIRED} (Giulia Rossi)`]);
    // Not linked to Telegram: email only.
    expect(await w.deliveries(owner)).toEqual([expect.objectContaining({ channel: 'email', state: 'sent' })]);
  });
});

describe('with pg-boss workers running', () => {
  let w: AlertsWorld;
  beforeAll(async () => {
    w = await startAlertsWorld();
    // The test service starts its queue without workers; this world works its jobs like `wevion serve`.
    await w.s.queue.stop(1_000);
    await w.s.queue.start({ work: true, schedule: false });
  });
  afterAll(() => w.close());

  it('an incident reaches the mailbox and the chat with no sweep: the listener enqueues, a worker sends', async () => {
    const owner = await w.signIn('Workers', 'it', 'admin');
    await w.setBot(owner);
    await w.linkTelegram(owner, 1001);
    const profile = await w.connect(owner, 'giulia');
    await w.s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    // Real time only for pg-boss to poll (0.5 s here); nothing waits for a retry.
    // The worker marks a delivery sent once the channel accepted it, a moment after the fake
    // mailbox and chat have it: wait for both.
    const deadline = Date.now() + 15_000;
    const states = async () => (await w.deliveries(owner)).map((d) => d.state);
    while ((w.mailsTo(owner.email).length === 0 || w.alertsTo(1001).length === 0 || (await states()).some((state) => state !== 'sent')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(w.mailsTo(owner.email).map((m) => m.subject)).toEqual([`${IT_EXPIRED} (Giulia Rossi)`]);
    expect(w.alertsTo(1001)).toHaveLength(1);
    expect(await states()).toEqual(['sent', 'sent']);
  });
});
