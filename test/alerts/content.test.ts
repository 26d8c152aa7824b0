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
    expect(telegram).toContain(`<a href="https://app.example.com/meta-users/${hostile.id}">Reconnect the Meta profile</a>`);
    expect(content.cause).toBe('Meta session invalid (API session error)');
  });

  it('says the cause in the member’s language', () => {
    expect(causeInWords(190, 460, 'it')).toBe('Password cambiata su Meta');
    expect(causeInWords(190, 460)).toBe('Password changed on Meta');
    expect(causeInWords(190, 999, 'it')).toBe('Token non più valido su Meta');
    expect(causeInWords(null, null, 'en')).toBe('Token failed validation on Meta');
    const removed = composeAlert({ type: 'token_expired', params: { code: 190, subcode: 458 }, locale: 'it', profile: null, publicUrl: 'http://x' });
    expect(removed).toMatchObject({ profileName: '(profilo rimosso)', cause: "App rimossa dall'account Meta", actionUrl: 'http://x/meta-users' });
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
