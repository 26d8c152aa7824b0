/**
 * The page a person reads at the URL Meta gives them after a data deletion request
 * (`GET /connect/meta/data-deletion/<code>`): in Italian or English by `Accept-Language`, what
 * was deleted and when, or that it is under way. No sign-in: the unguessable code is the key.
 * Server-rendered, no script, everything escaped.
 */
import type { DeletedCounts } from './data-deletion.queries.ts';
import type { DeletionStatus } from './data-deletion.ts';

export type PageLocale = 'it' | 'en';

/** The visitor's language: the first of `it` and `en` in `Accept-Language` by preference; English otherwise. */
export function pageLocale(acceptLanguage: string | undefined): PageLocale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0 && (entry.lang === 'it' || entry.lang === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'it' ? 'it' : 'en';
}

/** Whether the client asked for JSON rather than a page (`Accept: application/json` ranked above HTML). */
export function wantsJson(accept: string | undefined): boolean {
  let json = -1;
  let html = -1;
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    const media = type.trim().toLowerCase();
    if (media === 'application/json') json = Math.max(json, weight);
    if (media === 'text/html') html = Math.max(html, weight);
  }
  return json > 0 && json >= html;
}

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WORDS = {
  en: {
    title: 'Your data deletion request',
    code: 'Confirmation code',
    requested: 'Requested',
    pending: 'Your request is being carried out. The data Wevion Token Health holds about you is being deleted; this page will say when it is done.',
    completed: 'Done.',
    completedAt: 'Deleted',
    nothing: 'Wevion Token Health held no data about you: there was nothing to delete.',
    deletedIntro: 'Wevion Token Health deleted everything it held about you, in every workspace:',
    stays: 'The ad accounts, pages, pixels, catalogues, insights and campaigns of the businesses you worked for are theirs, not yours: they stay with those businesses.',
    notFound: 'There is no data deletion request with this code. Check the link Meta gave you.',
    notFoundTitle: 'Request not found',
    items: {
      profiles: ['Meta profile', 'Meta profiles'],
      tokens: ['access token (stored encrypted)', 'access tokens (stored encrypted)'],
      timelineEvents: ['event in a profile’s history', 'events in a profile’s history'],
      notifications: ['notification about you', 'notifications about you'],
      emails: ['copy of an alert email', 'copies of alert emails'],
      assetPermissions: ['record of what your profile could reach', 'records of what your profile could reach'],
      checkouts: ['record of your token being used by a service', 'records of your token being used by a service'],
      webhookDeliveries: ['notice about you sent to another service', 'notices about you sent to other services'],
      metaSignals: ['message from Meta about you', 'messages from Meta about you'],
    },
  },
  it: {
    title: 'La tua richiesta di cancellazione dei dati',
    code: 'Codice di conferma',
    requested: 'Richiesta il',
    pending: 'La tua richiesta è in corso: i dati che Wevion Token Health conserva su di te vengono cancellati. Questa pagina dirà quando è fatto.',
    completed: 'Fatto.',
    completedAt: 'Cancellati il',
    nothing: 'Wevion Token Health non conservava alcun dato su di te: non c’era nulla da cancellare.',
    deletedIntro: 'Wevion Token Health ha cancellato tutto ciò che conservava su di te, in ogni area di lavoro:',
    stays: 'Account pubblicitari, pagine, pixel, cataloghi, insight e campagne delle aziende per cui hai lavorato appartengono a loro, non a te: restano a quelle aziende.',
    notFound: 'Non esiste una richiesta di cancellazione con questo codice. Controlla il link che ti ha dato Meta.',
    notFoundTitle: 'Richiesta non trovata',
    items: {
      profiles: ['profilo Meta', 'profili Meta'],
      tokens: ['token di accesso (conservato cifrato)', 'token di accesso (conservati cifrati)'],
      timelineEvents: ['evento nella cronologia di un profilo', 'eventi nella cronologia di un profilo'],
      notifications: ['notifica che ti riguardava', 'notifiche che ti riguardavano'],
      emails: ['copia di un’email di avviso', 'copie di email di avviso'],
      assetPermissions: ['registrazione di ciò che il tuo profilo poteva raggiungere', 'registrazioni di ciò che il tuo profilo poteva raggiungere'],
      checkouts: ['registrazione dell’uso del tuo token da parte di un servizio', 'registrazioni dell’uso del tuo token da parte di servizi'],
      webhookDeliveries: ['avviso su di te inviato a un altro servizio', 'avvisi su di te inviati ad altri servizi'],
      metaSignals: ['messaggio di Meta su di te', 'messaggi di Meta su di te'],
    },
  },
} as const;

function layout(locale: PageLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>body{font-family:system-ui,Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d2430;line-height:1.5}h1{font-size:1.4rem}code{font-size:1rem}li{margin:.2rem 0}.muted{color:#5b6472}</style>
</head><body><main>
<h1>${escape(title)}</h1>
${body}
<p class="muted">Wevion Token Health</p>
</main></body></html>`;
}

export function statusPage(locale: PageLocale, code: string, status: DeletionStatus): string {
  const w = WORDS[locale];
  const when = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  const at = (iso: string) => `${when.format(new Date(iso))} UTC`;
  const parts = [`<p>${escape(w.code)}: <code>${escape(code)}</code></p>`, `<p>${escape(w.requested)}: ${escape(at(status.requestedAt))}</p>`];
  if (status.status === 'pending') {
    parts.push(`<p><strong>${escape(w.pending)}</strong></p>`);
  } else {
    parts.push(`<p><strong>${escape(w.completed)}</strong> ${escape(w.completedAt)}: ${escape(at(status.completedAt ?? status.requestedAt))}</p>`);
    const items = (Object.keys(w.items) as Array<keyof DeletedCounts>).flatMap((key) => {
      const n = status.deleted[key] ?? 0;
      return n > 0 ? [`<li>${n} ${escape(w.items[key][n === 1 ? 0 : 1])}</li>`] : [];
    });
    parts.push(items.length > 0 && (status.deleted.profiles ?? 0) > 0 ? `<p>${escape(w.deletedIntro)}</p><ul>${items.join('')}</ul>` : `<p>${escape(w.nothing)}</p>`);
  }
  parts.push(`<p>${escape(w.stays)}</p>`);
  return layout(locale, w.title, parts.join('\n'));
}

export function notFoundPage(locale: PageLocale): string {
  const w = WORDS[locale];
  return layout(locale, w.notFoundTitle, `<p>${escape(w.notFound)}</p>`);
}
