import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, startAlertsWorld, type AlertsWorld, type Person } from './harness.ts';

type PreferencesView = {
  channels: { email: { available: boolean; address: string }; telegram: { available: boolean; linked: boolean; botUsername: string | null } };
  requireCritical: boolean;
  preferences: Array<{ type: string; critical: boolean; locked: boolean; email: boolean; telegram: boolean; inApp: boolean }>;
};

describe('preferences and the Telegram handshake', () => {
  let w: AlertsWorld;
  beforeAll(async () => {
    w = await startAlertsWorld();
  });
  afterAll(() => w.close());

  const preferences = async (person: Person) => (await (await w.s.request('/api/alerts/preferences', { cookie: person.cookie })).json()) as PreferencesView;
  const save = (person: Person, entries: Array<{ type: string; channel: string; enabled: boolean }>) =>
    w.s.request('/api/alerts/preferences', { method: 'PUT', cookie: person.cookie, json: { preferences: entries } });

  it('honours each member’s choice per type and channel, and admins can make the critical ones mandatory', async () => {
    const { s } = w;
    const admin = await w.signIn('Prefs', 'en', 'admin');
    const owner = await w.signIn('Prefs', 'it');
    await w.setBot(admin);
    await w.linkTelegram(owner, 701);
    const profile = await w.connect(owner, 'giulia');

    const defaults = await preferences(owner);
    expect(defaults.channels).toEqual({
      email: { available: true, address: owner.email },
      telegram: { available: true, linked: true, botUsername: 'wevion_alerts_bot' },
      inApp: { available: true },
    });
    expect(defaults.preferences.map((p) => p.type)).toEqual(['token_expired', 'token_inactive', 'token_expiring', 'data_access_expiring', 'token_recovered']);
    expect(defaults.preferences.every((p) => p.email && p.telegram && p.inApp && !p.locked)).toBe(true);

    // Giulia wants the incident on Telegram only, and no recovery notice by email.
    const saved = await save(owner, [
      { type: 'token_expired', channel: 'email', enabled: false },
      { type: 'token_recovered', channel: 'email', enabled: false },
    ]);
    expect(saved.status).toBe(200);
    const after = ((await saved.json()) as PreferencesView).preferences;
    expect(after.find((p) => p.type === 'token_expired')).toMatchObject({ email: false, telegram: true, locked: false });
    expect((await save(owner, [{ type: 'token_exploded', channel: 'email', enabled: false }])).status).toBe(400);
    expect((await save(owner, [{ type: 'token_expired', channel: 'sms', enabled: false }])).status).toBe(400);

    await s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    await w.sweep();
    expect(w.mailsTo(owner.email)).toEqual([]);
    expect(w.alertsTo(701).map((m) => m.text.split('\n')[0])).toEqual(['<b>Token Meta scaduto — Riconnetti il profilo Meta</b>']);
    expect((await w.notifications(owner)).map((n) => n.type)).toEqual(['token_expired']);

    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${profile}/reconnect`, startMethod: 'POST' });
    await w.sweep();
    expect(w.mailsTo(owner.email)).toEqual([]);
    expect(w.alertsTo(701)).toHaveLength(2);

    // The admins require the critical alerts: Giulia's choice no longer applies to them.
    expect((await s.request('/api/alerts/settings', { method: 'PUT', cookie: owner.cookie, json: { requireCritical: true } })).status).toBe(403);
    const settings = await s.request('/api/alerts/settings', { method: 'PUT', cookie: admin.cookie, json: { requireCritical: true } });
    expect(await settings.json()).toEqual({ requireCritical: true, criticalTypes: ['token_expired', 'token_inactive'] });
    const locked = await preferences(owner);
    expect(locked.requireCritical).toBe(true);
    expect(locked.preferences.filter((p) => p.locked).map((p) => [p.type, p.email, p.telegram])).toEqual([
      ['token_expired', true, true],
      ['token_inactive', true, true],
    ]);
    const refused = await save(owner, [{ type: 'token_inactive', channel: 'telegram', enabled: false }]);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'preference_locked', type: 'token_inactive' } });
    // Non-critical ones stay the member's to choose.
    expect((await save(owner, [{ type: 'token_recovered', channel: 'telegram', enabled: false }])).status).toBe(200);

    await s.control('POST', '/__control/users/10001/change-password');
    expect((await w.proxy(owner, profile)).status).toBe(502);
    await w.sweep();
    expect(w.mailsTo(owner.email).map((m) => m.subject)).toEqual(['Token Meta scaduto — Riconnetti il profilo Meta (Giulia Rossi)']);
    expect(w.alertsTo(701)).toHaveLength(3);
    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${profile}/reconnect`, startMethod: 'POST' });
    await w.sweep();
    // Recovery: off on both channels now, so in-app only.
    expect(w.mailsTo(owner.email)).toHaveLength(1);
    expect(w.alertsTo(701)).toHaveLength(3);
    expect((await w.notifications(owner)).filter((n) => n.type === 'token_recovered')).toHaveLength(2);
  });

  it('links a chat only with a valid, unexpired code of this workspace’s bot; the bot token is write-only', async () => {
    const { s, telegram } = w;
    const admin = await w.signIn('Handshake', 'en', 'admin');
    const member = await w.signIn('Handshake', 'en');
    const other = await w.signIn('Handshake elsewhere', 'en', 'admin');

    // Without a bot there is nothing to link.
    const noBot = await s.request('/api/alerts/telegram/link-code', { method: 'POST', cookie: member.cookie });
    expect(noBot.status).toBe(409);
    expect(await noBot.json()).toMatchObject({ error: { code: 'telegram_not_configured' } });
    // Only admins set the bot; a malformed token is refused before asking Telegram, an unknown one by Telegram.
    expect((await s.request('/api/alerts/telegram/bot', { method: 'PUT', cookie: member.cookie, json: { botToken: BOT_TOKEN } })).status).toBe(403);
    expect((await s.request('/api/alerts/telegram/bot', { method: 'PUT', cookie: admin.cookie, json: { botToken: 'not-a-token' } })).status).toBe(400);
    const unknown = await s.request('/api/alerts/telegram/bot', { method: 'PUT', cookie: admin.cookie, json: { botToken: '7000000002:AAHk1u2v3w4x5y6z7A8B9C0D1E2F3G4HXXX' } });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { code: 'invalid_token' } });
    await w.setBot(admin);
    await w.setBot(other);
    const status = await (await s.request('/api/alerts/telegram', { cookie: member.cookie })).json();
    expect(status).toEqual({ botConfigured: true, botUsername: 'wevion_alerts_bot', linked: false, linkedAt: null });
    const stored = await s.database.db.selectFrom('telegram_bots').innerJoin('secrets', 'secrets.id', 'telegram_bots.secret_id').select(['secrets.ciphertext']).execute();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.every((row) => !row.ciphertext.includes(BOT_TOKEN))).toBe(true);

    const code = (await (await s.request('/api/alerts/telegram/link-code', { method: 'POST', cookie: member.cookie })).json()) as { code: string; expiresAt: string };
    // A wrong code: not linked, and the person is told (in both languages: we do not know who wrote).
    telegram.userWrites(BOT_TOKEN, 801, '/start WRONGCODE1');
    const check = async (person: Person) => (await (await s.request('/api/alerts/telegram/check', { method: 'POST', cookie: person.cookie })).json()) as { linked: boolean };
    expect(await check(member)).toMatchObject({ linked: false });
    expect(telegram.sent({ chatId: '801' }).at(-1)!.text).toContain('Codice di collegamento sconosciuto o scaduto');

    // Expired after 15 minutes.
    await w.advance(16 * 60);
    telegram.userWrites(BOT_TOKEN, 802, `/start ${code.code}`);
    expect(await check(member)).toMatchObject({ linked: false });

    // A fresh code works once, also as /start@bot (a group), and lower-case as typed by hand.
    const fresh = (await (await s.request('/api/alerts/telegram/link-code', { method: 'POST', cookie: member.cookie })).json()) as { code: string };
    telegram.userWrites(BOT_TOKEN, 803, `/start@wevion_alerts_bot ${fresh.code.toLowerCase()}`);
    expect(await check(member)).toMatchObject({ linked: true });
    telegram.userWrites(BOT_TOKEN, 804, `/start ${fresh.code}`);
    await check(member);
    // Two pollers reading the same update (the minute job and "check") link once and answer once.
    const twice = (await (await s.request('/api/alerts/telegram/link-code', { method: 'POST', cookie: admin.cookie })).json()) as { code: string };
    telegram.userWrites(BOT_TOKEN, 805, `/start ${twice.code}`);
    await Promise.all([check(admin), s.queue.runNow('telegram-updates', { workspaceId: admin.workspaceId }), check(admin)]);
    expect(telegram.sent({ chatId: '805' }).map((m) => m.text)).toEqual(['Linked: Wevion Token Health alerts will reach you here.']);
    // Start pressed without a code: told what to send.
    telegram.userWrites(BOT_TOKEN, 806, '/start');
    await check(member);
    expect(telegram.sent({ chatId: '806' })[0]!.text).toContain('/start CODE');
    const link = await s.database.db.selectFrom('telegram_links').select(['chat_id']).where('member_id', '=', member.memberId).executeTakeFirstOrThrow();
    expect(link.chat_id).toBe('803');

    // Unlink, and an admin removing the bot unlinks everyone.
    expect((await s.request('/api/alerts/telegram/link', { method: 'DELETE', cookie: member.cookie })).status).toBe(204);
    expect((await s.request('/api/alerts/telegram/link', { method: 'DELETE', cookie: member.cookie })).status).toBe(404);
    expect((await s.request('/api/alerts/telegram/bot', { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect(await (await s.request('/api/alerts/telegram', { cookie: member.cookie })).json()).toMatchObject({ botConfigured: false, linked: false });
    expect(s.logLines.join('\n')).not.toContain(BOT_TOKEN.split(':')[1]!);
  });
});
