import { createContext, useContext } from 'react';
import type { Locale, Session } from './types.ts';

export interface SessionApi {
  session: Session;
  signOut(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
}

export const SessionContext = createContext<SessionApi | undefined>(undefined);

/** The signed-in member; only used below the signed-in layout. */
export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

const LOCALE_KEY = 'wevion.locale';

/** The language chosen before signing in (the member's own setting wins after). Italian by default. */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(LOCALE_KEY);
    if (value === 'it' || value === 'en') return value;
  } catch {
    /* storage disabled */
  }
  return 'it';
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* storage disabled: the choice lasts until reload */
  }
}
