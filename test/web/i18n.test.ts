import { describe, expect, it } from 'vitest';
import { en } from '../../src/web/src/i18n/en.ts';
import { elideItalian, makeI18n, translate, type MessageKey } from '../../src/web/src/i18n/index.tsx';
import { cronInWords } from '../../src/web/src/schedule.ts';
import { it as italian } from '../../src/web/src/i18n/it.ts';
import { causeText } from '../../src/web/src/metaUsers.ts';
import { tokenCause } from '../../src/meta/token-causes.ts';
import { PERMISSION_CATALOGUE, REQUESTED_SCOPES } from '../../src/tokens/scopes.ts';
import { matchRoute, pathFor } from '../../src/web/src/paths.ts';

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  it('has every message in both languages, with the same placeholders and plural forms', () => {
    const keys = Object.keys(en) as MessageKey[];
    expect(Object.keys(italian).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(italian[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      // The same names in both (a plural's forms may use {count} in one form only).
      expect(new Set(placeholders(italian[key])), key).toEqual(new Set(placeholders(en[key])));
      expect(italian[key].split('|').length, key).toBe(en[key].split('|').length);
    }
  });

  it('chooses plural forms and formats numbers for the locale', () => {
    expect(translate('en', 'warn.permissionsMissing', { count: 1 })).toBe('1 permission missing');
    expect(translate('en', 'warn.permissionsMissing', { count: 3 })).toBe('3 permissions missing');
    expect(translate('it', 'warn.permissionsMissing', { count: 1 })).toBe('1 permesso mancante');
    expect(translate('it', 'metaUsers.count', { count: 1200 })).toBe('1200 profili'.replace('1200', new Intl.NumberFormat('it').format(1200)));
    expect(makeI18n('it').number(1234.5, { minimumFractionDigits: 2 })).toBe(new Intl.NumberFormat('it', { minimumFractionDigits: 2 }).format(1234.5));
    expect(makeI18n('en').relative(new Date(Date.now() + 5 * 86_400_000 + 1000))).toBe('in 5 days');
    expect(makeI18n('it').relative(new Date(Date.now() + 5 * 86_400_000 + 1000))).toBe('tra 5 giorni');
  });

  it("gives every requested permission the article's words, in both languages", () => {
    expect(REQUESTED_SCOPES).toHaveLength(14);
    for (const scope of REQUESTED_SCOPES) {
      for (const locale of ['it', 'en'] as const) {
        const text = PERMISSION_CATALOGUE[scope];
        expect(text.allows[locale], `${locale} ${scope}`).toBeTruthy();
        expect(text.without[locale], `${locale} ${scope}`).toBeTruthy();
      }
    }
    expect(PERMISSION_CATALOGUE.ads_read.allows.en).toBe('Read ad account data and insights');
    expect(PERMISSION_CATALOGUE.business_management.allows.en).toBe('Access Business Manager resources');
  });

  it('puts Meta error codes in the service’s words (its one table), in the member’s language, with the codes', () => {
    // As the API sends them: `causeWords` from meta/token-causes.ts.
    const causeWords = (code: number | null, subcode: number | null) => {
      const { en, it } = tokenCause(code, subcode);
      return { en, it };
    };
    expect(causeText(makeI18n('en'), { code: 190, subcode: 460, causeWords: causeWords(190, 460) })).toBe('Password changed on Meta (190/460)');
    expect(causeText(makeI18n('it'), { code: 190, subcode: 460, causeWords: causeWords(190, 460) })).toBe('Password cambiata su Meta (190/460)');
    expect(causeText(makeI18n('en'), { code: 190, subcode: null, causeWords: causeWords(190, null) })).toBe('Token no longer valid on Meta (190)');
    expect(causeText(makeI18n('en'), { code: 102, subcode: null, causeWords: causeWords(102, null) })).toBe('Meta session invalid (API session error) (102)');
    expect(causeText(makeI18n('en'), { code: 10, subcode: null, cause: 'Something else' })).toBe('Something else (10)');
    expect(causeText(makeI18n('it'), { code: null, subcode: null, causeWords: causeWords(null, null) })).toBe('Il token non ha superato la verifica di Meta');
    expect(causeText(makeI18n('en'), { code: null, subcode: null })).toBeUndefined();
  });
});

describe('client routes', () => {
  it('matches the routes the server answers, with decoded parameters', () => {
    expect(matchRoute('/')).toEqual({ name: 'home', params: {} });
    expect(matchRoute('/meta-users/')).toEqual({ name: 'metaUsers', params: {} });
    expect(matchRoute('/meta-users/a%20b')).toEqual({ name: 'metaUser', params: { id: 'a b' } });
    expect(matchRoute('/admin/jobs')).toEqual({ name: 'adminJobs', params: {} });
    expect(matchRoute('/meta-users/a/b')).toBeUndefined();
    expect(matchRoute('/meta-users/%E0%A4%A')).toBeUndefined();
    expect(pathFor('adAccount', { id: 'act_1/2' })).toBe('/ad-accounts/act_1%2F2');
  });
});

// The UI keeps no copy of the permission list: it reads GET /api/permissions (typed by the
// document), which serves src/tokens/scopes.ts; test/contract covers that route's answer.

describe('Italian elision and schedules in words (issue 28)', () => {
  it('elides the article and articulated prepositions before a date said with a vowel, and nothing else', () => {
    expect(elideItalian('entro il 11 dic 2026')).toBe('entro l’11 dic 2026');
    expect(elideItalian('Dal 8 nov 2026, 10:00')).toBe('Dall’8 nov 2026, 10:00');
    expect(elideItalian('dal 1 gen al 11 gen')).toBe('dall’1 gen all’11 gen');
    expect(elideItalian('il 12 dic 2026')).toBe('il 12 dic 2026');
    expect(elideItalian('il 18 dic 2026')).toBe('il 18 dic 2026');
    // A count is not a date: left alone.
    expect(elideItalian('il 1 profilo')).toBe('il 1 profilo');
    const it = makeI18n('it');
    expect(it.t('tg.linkedSince', { date: it.date('2026-12-11T10:00:00Z') })).toBe('Collegato l’11 dic 2026.');
    expect(it.t('expiry.expiredOn', { date: it.date('2026-12-08T10:00:00Z') })).toBe('Scaduto l’8 dic 2026');
    expect(it.t('expiry.expiredOn', { date: it.date('2026-12-09T10:00:00Z') })).toBe('Scaduto il 9 dic 2026');
    expect(makeI18n('en').t('expiry.expiredOn', { date: '11 Dec 2026' })).toBe('Expired on 11 Dec 2026');
  });

  it('says the service’s schedules in words, and leaves any other cron to be shown as it is', () => {
    const it = makeI18n('it');
    const en = makeI18n('en');
    expect(cronInWords(it, '17 3 * * *')).toBe('Ogni giorno alle 03:17');
    expect(cronInWords(en, '17 3 * * *')).toBe('Every day at 03:17');
    expect(cronInWords(it, '0 */12 * * *')).toBe('Ogni giorno alle 00:00 e 12:00');
    expect(cronInWords(en, '0 */12 * * *')).toBe('Every day at 00:00 and 12:00');
    expect(cronInWords(en, '0 * * * *')).toBe('Every hour');
    expect(cronInWords(en, '30 * * * *')).toBe('Every hour at minute 30');
    expect(cronInWords(en, '5 */2 * * *')).toBe('Every 2 hours, at minute 05');
    expect(cronInWords(it, '* * * * *')).toBe('Ogni minuto');
    for (const other of ['0 9 * * 1', '0 0 1 * *', '*/5 * * * *', 'nonsense']) expect(cronInWords(en, other), other).toBeUndefined();
    expect(en.t('schedule.inZone', { schedule: 'Every day at 03:17', zone: 'Europe/Rome' })).toBe('Every day at 03:17 (Europe/Rome time)');
  });
});
