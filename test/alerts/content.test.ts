import { describe, expect, it } from 'vitest';
import { composeAlert, toEmail, toTelegramHtml } from '../../src/notifications/alert-content.ts';
import { causeInWords } from '../../src/meta/token-causes.ts';
import { channelsFor } from '../../src/notifications/preferences.ts';

describe('alert content', () => {
  const hostile = { id: '3f0c6a2e-0000-4000-8000-000000000001', name: 'Ann <b>& "Co"</b> <script>x</script>' };

  it('escapes what Meta lets people type (profile names) in the email HTML and the Telegram HTML', () => {
    const content = composeAlert({ type: 'token_inactive', params: { code: 102 }, locale: 'en', profile: hostile, publicUrl: 'https://app.example.com' });
    const email = toEmail(content, 'en');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Ann &lt;b&gt;&amp; &quot;Co&quot;&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;');
    expect(email.text).toContain('Meta profile: Ann <b>& "Co"</b> <script>x</script>');
    expect(email.subject).toBe('Meta token deactivated — Reconnect your Meta profile (Ann <b>& "Co"</b> <script>x</script>)');
    const telegram = toTelegramHtml(content);
    expect(telegram).toContain('Ann &lt;b&gt;&amp; "Co"&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;');
    // The button reconnects in one click (Meta's dialog for this profile), and says whom to log in as.
    expect(telegram).toContain(`<a href="https://app.example.com/connect/meta/reconnect/${hostile.id}">Reconnect the Meta profile</a>`);
    expect(telegram).toContain('The button opens Meta’s dialog: log in there as Ann &lt;b&gt;&amp; "Co"&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;.');
    expect(email.text).toContain(`Reconnect the Meta profile: https://app.example.com/connect/meta/reconnect/${hostile.id}\nThe button opens Meta’s dialog: log in there as Ann`);
    expect(email.html).toContain(`href="https://app.example.com/connect/meta/reconnect/${hostile.id}"`);
    expect(content.cause).toBe('Meta session invalid (API session error)');
  });

  it('says the cause in the member’s language', () => {
    expect(causeInWords(190, 460, 'it')).toBe('Password cambiata su Meta');
    expect(causeInWords(190, 460)).toBe('Password changed on Meta');
    expect(causeInWords(190, 999, 'it')).toBe('Token non più valido su Meta');
    expect(causeInWords(null, null, 'en')).toBe('Token failed validation on Meta');
    const removed = composeAlert({ type: 'token_expired', params: { code: 190, subcode: 458 }, locale: 'it', profile: null, publicUrl: 'http://x' });
    expect(removed).toMatchObject({ profileName: '(profilo rimosso)', cause: "App rimossa dall'account Meta", actionUrl: 'http://x/meta-users', actionHint: null });
  });

  it('reconnects from every open problem; a recovery, or a problem already resolved, opens the profile', () => {
    const profile = { id: '3f0c6a2e-0000-4000-8000-000000000002', name: 'Marco Bianchi' };
    for (const type of ['token_expired', 'token_inactive', 'token_expiring', 'token_not_extended', 'data_access_expiring']) {
      const content = composeAlert({ type, params: { expiresAt: '2026-12-11T10:00:00Z' }, locale: 'it', profile, publicUrl: 'https://w.example' });
      expect(content.actionUrl, type).toBe(`https://w.example/connect/meta/reconnect/${profile.id}`);
      expect(content.actionHint, type).toBe('Il pulsante apre la finestra di Meta: accedi come Marco Bianchi.');
      expect(composeAlert({ type, params: {}, locale: 'en', profile, publicUrl: '', resolved: true }).actionUrl, type).toBe(`/meta-users/${profile.id}`);
    }
    const recovered = composeAlert({ type: 'token_recovered', params: {}, locale: 'en', profile, publicUrl: 'https://w.example' });
    expect(recovered).toMatchObject({ actionUrl: `https://w.example/meta-users/${profile.id}`, actionLabel: 'Open the Meta profile', actionHint: null });
  });

  it('elides the Italian article before a day that starts with a vowel: l’1, l’8, l’11, il 12', () => {
    const title = (day: string) => composeAlert({ type: 'token_expiring', params: { expiresAt: `2026-12-${day}T10:00:00Z` }, locale: 'it', profile: null, publicUrl: '' }).title;
    expect(title('11')).toBe('Token Meta in scadenza — Riconnetti il profilo Meta entro l’11 dicembre 2026');
    expect(title('01')).toBe('Token Meta in scadenza — Riconnetti il profilo Meta entro l’1 dicembre 2026');
    expect(title('08')).toBe('Token Meta in scadenza — Riconnetti il profilo Meta entro l’8 dicembre 2026');
    expect(title('12')).toBe('Token Meta in scadenza — Riconnetti il profilo Meta entro il 12 dicembre 2026');
    expect(title('18')).toBe('Token Meta in scadenza — Riconnetti il profilo Meta entro il 18 dicembre 2026');
    const notExtended = composeAlert({ type: 'token_not_extended', params: { expiresAt: '2026-12-08T10:00:00Z' }, locale: 'it', profile: null, publicUrl: '' });
    expect(notExtended.title).toContain('scade l’8 dicembre 2026');
    const dataAccess = composeAlert({ type: 'data_access_expiring', params: { expiresAt: '2026-12-01T10:00:00Z' }, locale: 'it', profile: null, publicUrl: '' });
    expect(dataAccess.title).toBe('Accesso ai dati Meta in scadenza l’1 dicembre 2026 — Riconnetti il profilo Meta');
    expect(composeAlert({ type: 'token_expiring', params: { expiresAt: '2026-12-11T10:00:00Z' }, locale: 'en', profile: null, publicUrl: '' }).title).toBe('Meta token expiring — Reconnect your Meta profile by 11 December 2026');
  });
});

describe('routing to channels', () => {
  const base = { preferences: new Map<string, boolean>(), requireCritical: false, emailAvailable: true, telegramLinked: true };

  it.each([
    ['every channel by default', { type: 'token_expiring' }, ['email', 'telegram']],
    ['only what the member has', { type: 'token_expired', telegramLinked: false }, ['email']],
    ['no email without SMTP (or demo outbox)', { type: 'token_expired', emailAvailable: false }, ['telegram']],
    ['a channel switched off', { type: 'token_recovered', preferences: new Map([['token_recovered:email', false]]) }, ['telegram']],
    ['an old token_not_extended follows the token_expiring choice', { type: 'token_not_extended', preferences: new Map([['token_expiring:telegram', false]]) }, ['email']],
    ['a required critical type ignores the choice', { type: 'token_inactive', requireCritical: true, preferences: new Map([['token_inactive:email', false]]) }, ['email', 'telegram']],
    ['requiring critical types leaves the others alone', { type: 'data_access_expiring', requireCritical: true, preferences: new Map([['data_access_expiring:email', false]]) }, ['telegram']],
    ['required, but not linked: not invented', { type: 'token_expired', requireCritical: true, telegramLinked: false }, ['email']],
  ] as const)('%s', (_name, input, expected) => {
    expect(channelsFor({ ...base, ...input } as Parameters<typeof channelsFor>[0])).toEqual(expected);
  });
});
