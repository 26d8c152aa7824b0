/**
 * Why Meta says a token no longer works, in words: the one table of Meta's 190 subcodes (and
 * 102). The classification quotes `reason`, the timeline, notifications and alerts the sentence,
 * and the API sends `key` with the sentence in both languages (`causeWords`), so the UI shows
 * what the service says and keeps no table of its own.
 */
export type CauseLocale = 'it' | 'en';

export interface TokenCause {
  /**
   * Stable: `190.460`, `190` (another or no subcode), `102`, `validation` (debug_token's
   * is_valid:false for another cause), or a cause Meta told us of itself (`app_removed`).
   */
  key: string;
  en: string;
  it: string;
}

interface Entry {
  /** Meta's own short name of the subcode, quoted in the classification's reason. */
  reason?: string;
  en: string;
  it: string;
}

const SUBCODES: Readonly<Record<number, Entry>> = {
  458: { reason: 'app not installed', en: 'App removed from the Meta account', it: "App rimossa dall'account Meta" },
  459: { reason: 'user checkpointed', en: 'Meta checkpoint: the account needs attention on Facebook', it: "Controllo di sicurezza Meta: l'account richiede attenzione su Facebook" },
  460: { reason: 'password changed', en: 'Password changed on Meta', it: 'Password cambiata su Meta' },
  463: { reason: 'token expired', en: 'Token expired', it: 'Token scaduto' },
  464: { reason: 'unconfirmed user', en: 'Meta account not confirmed', it: 'Account Meta non confermato' },
  467: { reason: 'invalid access token', en: 'Logged out of Meta, or the token was invalidated', it: 'Disconnessione da Meta, oppure il token è stato invalidato' },
  492: { reason: 'invalid session', en: 'Invalid Meta session', it: 'Sessione Meta non valida' },
  493: { reason: 'data access expired (no engagement for 90 days)', en: 'Data access expired: no Meta login for 90 days', it: 'Accesso ai dati scaduto: nessun accesso a Meta da 90 giorni' },
};

const OTHERS: Readonly<Record<'190' | '102' | 'validation', Entry>> = {
  '190': { en: 'Token no longer valid on Meta', it: 'Token non più valido su Meta' },
  '102': { en: 'Meta session invalid (API session error)', it: 'Sessione Meta non valida (errore di sessione API)' },
  validation: { en: 'Token failed validation on Meta', it: 'Il token non ha superato la verifica di Meta' },
};

/**
 * Causes Meta tells the app of itself, in a push signal (meta-signals/): what the person did.
 * A signal never changes a status by itself; when the check it starts confirms the token invalid,
 * the timeline and the notification say this instead of the check's code alone (which is kept).
 */
const SIGNALLED = {
  app_removed: { en: 'Removed the app on Meta', it: 'App rimossa su Meta' },
  // Meta's `business_integration_uninstall`: the client removed the app in Business Settings.
  business_removed: { en: 'Removed from the business’s connected apps', it: 'Rimossa dalle app collegate dell’azienda' },
} as const satisfies Readonly<Record<string, Entry>>;

export type SignalledCause = keyof typeof SIGNALLED;
export const SIGNALLED_CAUSES = Object.keys(SIGNALLED) as [SignalledCause, ...SignalledCause[]];

const isSignalled = (key: string | null | undefined): key is SignalledCause => typeof key === 'string' && Object.hasOwn(SIGNALLED, key);

/** Meta's short name of a documented 190 subcode, or undefined. */
export function subcodeReason(subcode: number | undefined): string | undefined {
  return subcode === undefined ? undefined : SUBCODES[subcode]?.reason;
}

/** The cause of a confirmed invalid token, by Meta's code and subcode, or the cause Meta told us of (`signalled`). */
export function tokenCause(code: number | null | undefined, subcode: number | null | undefined, signalled?: string | null): TokenCause {
  if (isSignalled(signalled)) return { key: signalled, en: SIGNALLED[signalled].en, it: SIGNALLED[signalled].it };
  if (code === 190) {
    const entry = subcode === null || subcode === undefined ? undefined : SUBCODES[subcode];
    return entry ? { key: `190.${subcode}`, en: entry.en, it: entry.it } : { key: '190', ...OTHERS['190'] };
  }
  if (code === 102) return { key: '102', ...OTHERS['102'] };
  return { key: 'validation', ...OTHERS.validation };
}

/** The cause in words (English unless asked): the timeline, notifications and alerts. */
export function causeInWords(code: number | null | undefined, subcode: number | null | undefined, locale: CauseLocale = 'en', signalled?: string | null): string {
  return tokenCause(code, subcode, signalled)[locale];
}
