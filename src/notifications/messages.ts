export type Locale = 'it' | 'en';

export type NotificationType = 'token_expired' | 'token_inactive' | 'token_not_extended' | 'data_access_expiring' | 'token_expiring' | 'token_recovered';

type Params = Record<string, unknown>;

const formatDate = (value: unknown, locale: Locale) =>
  typeof value === 'string' || typeof value === 'number'
    ? new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(value))
    : '';

/** The in-app texts. The two incident texts are the article's, word for word. */
const MESSAGES: Record<NotificationType, Record<Locale, (params: Params) => string>> = {
  token_expired: {
    it: () => 'Token Meta scaduto — Riconnetti il profilo Meta',
    en: () => 'Meta token expired — Reconnect your Meta profile',
  },
  token_inactive: {
    it: () => 'Token Meta disattivato — Riconnetti il profilo Meta',
    en: () => 'Meta token deactivated — Reconnect your Meta profile',
  },
  token_not_extended: {
    it: (p) => `Meta non ha rinnovato il token: scade il ${formatDate(p.expiresAt, 'it')} — Riconnetti il profilo Meta per mantenerlo attivo`,
    en: (p) => `Meta did not extend the token: it expires on ${formatDate(p.expiresAt, 'en')} — Reconnect your Meta profile to keep it working`,
  },
  token_expiring: {
    it: (p) => `Token Meta in scadenza — Riconnetti il profilo Meta entro il ${formatDate(p.expiresAt, 'it')}`,
    en: (p) => `Meta token expiring — Reconnect your Meta profile by ${formatDate(p.expiresAt, 'en')}`,
  },
  data_access_expiring: {
    it: (p) => `Accesso ai dati Meta in scadenza il ${formatDate(p.expiresAt, 'it')} — Riconnetti il profilo Meta`,
    en: (p) => `Meta data access expires on ${formatDate(p.expiresAt, 'en')} — Reconnect your Meta profile`,
  },
  token_recovered: {
    it: () => 'Profilo Meta di nuovo attivo — la sincronizzazione riprende',
    en: () => 'Meta profile active again — sync resumes',
  },
};

export function renderMessage(type: string, locale: Locale, params: Params): string {
  const templates = MESSAGES[type as NotificationType];
  return templates ? templates[locale](params) : type;
}

const CAUSES: Record<string, Record<Locale, string>> = {
  '190:458': { en: 'App removed from the Meta account', it: "App rimossa dall'account Meta" },
  '190:459': { en: 'Meta checkpoint: the account needs attention on Facebook', it: "Controllo di sicurezza Meta: l'account richiede attenzione su Facebook" },
  '190:460': { en: 'Password changed on Meta', it: 'Password cambiata su Meta' },
  '190:463': { en: 'Token expired', it: 'Token scaduto' },
  '190:464': { en: 'Meta account not confirmed', it: 'Account Meta non confermato' },
  '190:467': { en: 'Logged out of Meta, or the token was invalidated', it: 'Disconnessione da Meta, oppure il token è stato invalidato' },
  '190:492': { en: 'Invalid Meta session', it: 'Sessione Meta non valida' },
  '190:493': { en: 'Data access expired: no Meta login for 90 days', it: 'Accesso ai dati scaduto: nessun accesso a Meta da 90 giorni' },
  '190': { en: 'Token no longer valid on Meta', it: 'Token non più valido su Meta' },
  '102': { en: 'Meta session invalid (API session error)', it: 'Sessione Meta non valida (errore di sessione API)' },
  other: { en: 'Token failed validation on Meta', it: 'Il token non ha superato la verifica di Meta' },
};

/** Meta's 190 subcodes in words, for the timeline and notifications (English unless asked). */
export function causeInWords(code: number | null | undefined, subcode: number | null | undefined, locale: Locale = 'en'): string {
  const key = code === 190 ? (CAUSES[`190:${subcode}`] ? `190:${subcode}` : '190') : code === 102 ? '102' : 'other';
  return (CAUSES[key] ?? CAUSES.other!)[locale];
}
