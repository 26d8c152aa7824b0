/**
 * Why Meta says a token no longer works, in words: the one table of Meta's 190 subcodes (and
 * 102). The classification quotes `reason`, the timeline, notifications and alerts the sentence,
 * and the API sends `key` with the sentence in both languages (`causeWords`), so the UI shows
 * what the service says and keeps no table of its own.
 */
export type CauseLocale = 'it' | 'en';

export interface TokenCause {
  /** Stable: `190.460`, `190` (another or no subcode), `102`, `validation` (debug_token's is_valid:false for another cause). */
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

/** Meta's short name of a documented 190 subcode, or undefined. */
export function subcodeReason(subcode: number | undefined): string | undefined {
  return subcode === undefined ? undefined : SUBCODES[subcode]?.reason;
}

/** The cause of a confirmed invalid token, by Meta's code and subcode. */
export function tokenCause(code: number | null | undefined, subcode: number | null | undefined): TokenCause {
  if (code === 190) {
    const entry = subcode === null || subcode === undefined ? undefined : SUBCODES[subcode];
    return entry ? { key: `190.${subcode}`, en: entry.en, it: entry.it } : { key: '190', ...OTHERS['190'] };
  }
  if (code === 102) return { key: '102', ...OTHERS['102'] };
  return { key: 'validation', ...OTHERS.validation };
}

/** The cause in words (English unless asked): the timeline, notifications and alerts. */
export function causeInWords(code: number | null | undefined, subcode: number | null | undefined, locale: CauseLocale = 'en'): string {
  return tokenCause(code, subcode)[locale];
}
