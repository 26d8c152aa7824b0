import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Locale } from '../types.ts';
import { en, type MessageKey } from './en.ts';
import { it } from './it.ts';

export type { MessageKey };
export type Vars = Record<string, string | number>;

const catalogues: Record<Locale, Record<MessageKey, string>> = { it, en };
export const LOCALES: Locale[] = ['it', 'en'];
export const DEFAULT_LOCALE: Locale = 'it';

/**
 * Looks a message up and fills `{name}` placeholders. A message with `|` holds the singular and
 * plural forms, chosen by `vars.count` with the locale's plural rules. Numbers are formatted for
 * the locale.
 */
export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  let message = catalogues[locale][key] ?? en[key] ?? key;
  if (message.includes('|') && typeof vars.count === 'number') {
    const [one, other] = message.split('|') as [string, string];
    message = new Intl.PluralRules(locale).select(vars.count) === 'one' ? one : other;
  }
  const filled = message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  });
  return locale === 'it' ? elideItalian(filled) : filled;
}

// Before a date whose day is said with a vowel (uno, otto, undici), Italian elides the article and
// the articulated prepositions: "l’11 dic", "dall’8 nov", "all’1 gen". Only before a date (a month
// follows), so "il 1 profilo" of a count is never touched.
const ELIDABLE = /(^|[^\p{L}])(il|dal|al|del|nel|sul) (1|8|11) (?=(gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic))/giu;
const ELIDED: Record<string, string> = { il: 'l’', dal: 'dall’', al: 'all’', del: 'dell’', nel: 'nell’', sul: 'sull’' };

export function elideItalian(text: string): string {
  return text.replace(ELIDABLE, (_whole, before: string, word: string, day: string) => {
    const elided = ELIDED[word.toLowerCase()] ?? `${word} `;
    const cased = word[0] === word[0]?.toUpperCase() ? elided.charAt(0).toUpperCase() + elided.slice(1) : elided;
    return `${before}${cased}${day} `;
  });
}

export interface I18n {
  locale: Locale;
  t(key: MessageKey, vars?: Vars): string;
  /** 12 mar 2026 / Mar 12, 2026 */
  date(iso: string | Date): string;
  /** 12 mar 2026, 14:05 */
  dateTime(iso: string | Date): string;
  /** 14:05:30 */
  time(iso: string | Date): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** "in 3 days", "yesterday", "2 hours ago", in the locale. */
  relative(iso: string | Date, now?: number): string;
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function makeI18n(locale: Locale): I18n {
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    date: (value) => dateFormat.format(toDate(value)),
    dateTime: (value) => dateTimeFormat.format(toDate(value)),
    time: (value) => timeFormat.format(toDate(value)),
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    relative: (value, now = Date.now()) => {
      const diffMs = toDate(value).getTime() - now;
      if (Math.abs(diffMs) < 60_000) return translate(locale, 'common.justNow');
      const minutes = diffMs / 60_000;
      if (Math.abs(minutes) < 60) return relativeFormat.format(Math.round(minutes), 'minute');
      const hours = minutes / 60;
      if (Math.abs(hours) < 24) return relativeFormat.format(Math.round(hours), 'hour');
      return relativeFormat.format(Math.round(hours / 24), 'day');
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n(DEFAULT_LOCALE));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => makeI18n(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
