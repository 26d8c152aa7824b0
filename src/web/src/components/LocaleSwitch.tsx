import { useI18n, LOCALES } from '../i18n/index.tsx';
import type { Locale } from '../types.ts';

const NAMES: Record<Locale, string> = { it: 'Italiano', en: 'English' };

/**
 * Two toggle buttons; each language is named in itself, so anyone can find theirs. The name a
 * screen reader says starts with what is seen ("IT Italiano"): a voice-control user saying "IT"
 * finds the button (WCAG 2.5.3, label in name).
 */
export function LocaleSwitch({ onChange, busy }: { onChange(locale: Locale): void; busy?: boolean }) {
  const { locale, t } = useI18n();
  return (
    <div className="locale-switch" role="group" aria-label={t('locale.label')}>
      {LOCALES.map((option) => (
        <button key={option} type="button" lang={option} aria-pressed={option === locale} title={NAMES[option]} disabled={busy} onClick={() => option !== locale && onChange(option)}>
          {option.toUpperCase()}
          <span className="visually-hidden"> {NAMES[option]}</span>
        </button>
      ))}
    </div>
  );
}
