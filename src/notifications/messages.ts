export type Locale = 'it' | 'en';

export type NotificationType = 'token_expired' | 'token_inactive' | 'token_not_extended' | 'data_access_expiring' | 'token_expiring' | 'token_recovered' | 'profile_deleted_on_request';

type Params = Record<string, unknown>;

const formatDate = (value: unknown, locale: Locale) =>
  typeof value === 'string' || typeof value === 'number'
    ? new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(value))
    : '';

/**
 * An Italian date with its article, elided before a vowel sound as Italian writes it: "l’1",
 * "l’8", "l’11 dicembre 2026" (uno, otto, undici), "il 12 dicembre 2026" otherwise.
 */
export function italianDayWithArticle(value: unknown): string {
  const text = formatDate(value, 'it');
  if (!text) return '';
  const day = Number(text.split(' ')[0]);
  return `${day === 1 || day === 8 || day === 11 ? 'l’' : 'il '}${text}`;
}

/**
 * What fixes a token that is about to run out (the notice's `fix`): a personal profile is
 * reconnected; a business connection's client business is connected again; a pasted System User
 * token is replaced by pasting a new one made in Business Manager.
 */
type Fix = 'reconnect' | 'business' | 'pasted';
const fixOf = (params: Params): Fix => (params.fix === 'business' || params.fix === 'pasted' ? params.fix : 'reconnect');
const FIX: Record<Locale, Record<Fix, string>> = {
  en: { reconnect: 'Reconnect your Meta profile', business: 'Connect the business again', pasted: 'Paste a new System User token' },
  it: { reconnect: 'Riconnetti il profilo Meta', business: 'Collega di nuovo l’azienda', pasted: 'Incolla un nuovo token utente di sistema' },
};

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
    it: (p) => `Meta non ha rinnovato il token: scade ${italianDayWithArticle(p.expiresAt)} — ${FIX.it[fixOf(p)]} per mantenerlo attivo`,
    en: (p) => `Meta did not extend the token: it expires on ${formatDate(p.expiresAt, 'en')} — ${FIX.en[fixOf(p)]} to keep it working`,
  },
  token_expiring: {
    it: (p) => `Token Meta in scadenza — ${FIX.it[fixOf(p)]} entro ${italianDayWithArticle(p.expiresAt)}`,
    en: (p) => `Meta token expiring — ${FIX.en[fixOf(p)]} by ${formatDate(p.expiresAt, 'en')}`,
  },
  data_access_expiring: {
    it: (p) => `Accesso ai dati Meta in scadenza ${italianDayWithArticle(p.expiresAt)} — Riconnetti il profilo Meta`,
    en: (p) => `Meta data access expires on ${formatDate(p.expiresAt, 'en')} — Reconnect your Meta profile`,
  },
  token_recovered: {
    it: () => 'Profilo Meta di nuovo attivo — la sincronizzazione riprende',
    en: () => 'Meta profile active again — sync resumes',
  },
  // To the workspace's admins; the person's name is deleted with everything else, so it is not here.
  profile_deleted_on_request: {
    it: (p) => `Profilo Meta eliminato su richiesta della persona (richiesta di cancellazione dei dati ${String(p.code ?? '')})`,
    en: (p) => `Meta profile deleted at the person's request (data deletion request ${String(p.code ?? '')})`,
  },
};

export function renderMessage(type: string, locale: Locale, params: Params): string {
  const templates = MESSAGES[type as NotificationType];
  return templates ? templates[locale](params) : type;
}
