import { causeInWords } from '../meta/token-causes.ts';
import { renderMessage, type Locale } from './messages.ts';

/**
 * What an alert says outside the app (email, Telegram), in the member's language: the profile,
 * the cause in words, what stops working, and the link to act. The title is the in-app text.
 */
export interface AlertContent {
  title: string;
  profileLabel: string;
  profileName: string;
  causeLabel: string;
  cause: string;
  impactLabel: string;
  impact: string;
  actionLabel: string;
  actionUrl: string;
  /** For a reconnect: whom to log in as on Meta's dialog, which the button opens directly. */
  actionHint: string | null;
  footer: string;
}

export interface AlertInput {
  type: string;
  params: Record<string, unknown>;
  locale: Locale;
  profile: { id: string; name: string } | null;
  publicUrl: string;
  /** The problem went away (the in-app list): the button opens the profile instead of reconnecting. */
  resolved?: boolean;
}

type Texts = Record<Locale, string>;

const IMPACT_BROKEN: Texts = {
  en: 'Until you reconnect, data sync stops for the ad accounts that have no other healthy token, and new launches and campaign actions (pause, resume, edit) are refused. Campaigns keep running on Meta, and data already synced stays readable.',
  it: 'Finché non riconnetti, la sincronizzazione dei dati si ferma per gli account pubblicitari senza un altro token valido, e nuovi lanci e azioni sulle campagne (pausa, ripresa, modifica) vengono rifiutati. Le campagne continuano a girare su Meta e i dati già sincronizzati restano consultabili.',
};
const IMPACT_EXPIRING: Texts = {
  en: 'When the token expires, data sync stops for the ad accounts that have no other healthy token, and launches and campaign actions are refused. Reconnecting before then avoids the interruption.',
  it: 'Alla scadenza del token la sincronizzazione dei dati si ferma per gli account pubblicitari senza un altro token valido, e lanci e azioni sulle campagne vengono rifiutati. Riconnettendo prima eviti l’interruzione.',
};
const IMPACT_DATA_ACCESS: Texts = {
  en: 'When data access expires, Meta stops returning data for this profile: data sync stops and campaign actions are refused until you log in again through Reconnect.',
  it: 'Alla scadenza dell’accesso ai dati, Meta smette di restituire dati per questo profilo: la sincronizzazione si ferma e le azioni sulle campagne vengono rifiutate finché non accedi di nuovo con Riconnetti.',
};
const IMPACT_RECOVERED: Texts = {
  en: 'Nothing is blocked any more: data sync resumes and campaign actions are allowed again.',
  it: 'Non c’è più nulla di bloccato: la sincronizzazione dei dati riprende e le azioni sulle campagne sono di nuovo consentite.',
};

const IMPACT_DELETED: Texts = {
  en: 'Their tokens, profile, permissions, timeline and the notifications about them are deleted. The business’s ad accounts, pages, insights and campaigns stay; what only this profile reached has no token until someone else connects it.',
  it: 'Token, profilo, permessi, cronologia e notifiche che la riguardano sono stati eliminati. Account pubblicitari, pagine, insight e campagne dell’azienda restano; ciò che raggiungeva solo questo profilo non ha un token finché qualcun altro non lo collega.',
};

const LABELS = {
  profile: { en: 'Meta profile', it: 'Profilo Meta' },
  cause: { en: 'Cause', it: 'Causa' },
  impact: { en: 'What stops working', it: 'Cosa smette di funzionare' },
  impactRecovered: { en: 'What works again', it: 'Cosa torna a funzionare' },
  reconnect: { en: 'Reconnect the Meta profile', it: 'Riconnetti il profilo Meta' },
  reconnectBusiness: { en: 'Connect the business again', it: 'Collega di nuovo l’azienda' },
  pasteToken: { en: 'Paste a new System User token', it: 'Incolla un nuovo token utente di sistema' },
  logInAsBusiness: { en: 'The button opens Meta’s dialog: log in as an admin of {name} and choose it.', it: 'Il pulsante apre la finestra di Meta: accedi come amministratore di {name} e sceglila.' },
  open: { en: 'Open the Meta profile', it: 'Apri il profilo Meta' },
  openList: { en: 'Open Meta Users', it: 'Apri Utenti Meta' },
  unknownProfile: { en: '(profile removed)', it: '(profilo rimosso)' },
  logInAs: { en: 'The button opens Meta’s dialog: log in there as {name}.', it: 'Il pulsante apre la finestra di Meta: accedi come {name}.' },
  footer: {
    en: 'You receive this because you are responsible for this Meta profile in Wevion Token Health. Choose which alerts reach you in Alert preferences.',
    it: 'Ricevi questo messaggio perché sei responsabile di questo profilo Meta in Wevion Token Health. Scegli quali avvisi ricevere in Preferenze avvisi.',
  },
} satisfies Record<string, Texts>;

function causeFor(type: string, params: Record<string, unknown>, locale: Locale): string {
  const num = (value: unknown) => (typeof value === 'number' ? value : null);
  switch (type) {
    case 'token_expired':
    case 'token_inactive':
      return causeInWords(num(params.code), num(params.subcode), locale, typeof params.causeKey === 'string' ? params.causeKey : null);
    case 'token_expiring':
    case 'token_not_extended':
      return params.reason === 'refresh_failing'
        ? { en: 'The automatic refresh has been failing for more than 24 hours', it: 'Il rinnovo automatico non riesce da più di 24 ore' }[locale]
        : { en: 'Meta did not extend the token when we refreshed it', it: 'Meta non ha rinnovato il token al momento del rinnovo automatico' }[locale];
    case 'data_access_expiring':
      return { en: 'Meta ends data access 90 days after the last login to Meta through Wevion', it: 'Meta chiude l’accesso ai dati 90 giorni dopo l’ultimo accesso a Meta tramite Wevion' }[locale];
    case 'profile_deleted_on_request':
      return { en: 'The person asked Meta to delete the data Wevion holds about them (Meta’s data deletion request)', it: 'La persona ha chiesto a Meta di cancellare i dati che Wevion conserva su di lei (richiesta di cancellazione dei dati di Meta)' }[locale];
    case 'token_recovered':
      return params.via === 'refresh'
        ? { en: 'The automatic refresh succeeded again', it: 'Il rinnovo automatico è di nuovo riuscito' }[locale]
        : { en: 'The profile was reconnected', it: 'Il profilo è stato riconnesso' }[locale];
    default:
      return '';
  }
}

function impactFor(type: string): Texts {
  if (type === 'token_expired' || type === 'token_inactive') return IMPACT_BROKEN;
  if (type === 'data_access_expiring') return IMPACT_DATA_ACCESS;
  if (type === 'token_recovered') return IMPACT_RECOVERED;
  if (type === 'profile_deleted_on_request') return IMPACT_DELETED;
  return IMPACT_EXPIRING;
}

/** The profile's page in the UI (the list when the profile is gone). */
export function profileUrl(publicUrl: string, profileId: string | null): string {
  return profileId ? `${publicUrl}/meta-users/${profileId}` : `${publicUrl}/meta-users`;
}

/**
 * Where an alert's button goes: for a problem, straight to Meta's dialog for that profile (the
 * one-click reconnect, `GET /connect/meta/reconnect/{id}`: sign-in first if need be, then back
 * to the profile's page); for a recovery, or a problem already resolved, the profile's page.
 */
export function actionUrl(publicUrl: string, type: string, profileId: string | null, resolved = false): string {
  // The profile is gone at the person's request: the list is what is left to show.
  if (type === 'profile_deleted_on_request') return profileUrl(publicUrl, null);
  if (!profileId || resolved || type === 'token_recovered') return profileUrl(publicUrl, profileId);
  return `${publicUrl}/connect/meta/reconnect/${encodeURIComponent(profileId)}`;
}

/** A System User token's notice says its own fix (token-notices.ts `fix`): the business again, or a new token. */
function fixLabel(params: Record<string, unknown>): Texts {
  return params.fix === 'business' ? LABELS.reconnectBusiness : params.fix === 'pasted' ? LABELS.pasteToken : LABELS.reconnect;
}

export function composeAlert(input: AlertInput): AlertContent {
  const { type, params, locale } = input;
  const recovered = type === 'token_recovered';
  const url = actionUrl(input.publicUrl, type, input.profile?.id ?? null, input.resolved);
  const reconnects = url.includes('/connect/meta/reconnect/');
  return {
    title: renderMessage(type, locale, params),
    profileLabel: LABELS.profile[locale],
    profileName: input.profile?.name ?? LABELS.unknownProfile[locale],
    causeLabel: LABELS.cause[locale],
    cause: causeFor(type, params, locale),
    impactLabel: (recovered ? LABELS.impactRecovered : LABELS.impact)[locale],
    impact: impactFor(type)[locale],
    actionLabel: (type === 'profile_deleted_on_request' ? LABELS.openList : recovered ? LABELS.open : fixLabel(params))[locale],
    actionUrl: url,
    actionHint: reconnects && input.profile && params.fix !== 'pasted' ? (params.fix === 'business' ? LABELS.logInAsBusiness : LABELS.logInAs)[locale].replace('{name}', () => input.profile?.name ?? '') : null,
    footer: LABELS.footer[locale],
  };
}

export const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

export function toEmail(content: AlertContent, locale: Locale): EmailBody {
  const subject = `${content.title} (${content.profileName})`;
  const text = [
    content.title,
    '',
    `${content.profileLabel}: ${content.profileName}`,
    `${content.causeLabel}: ${content.cause}`,
    '',
    `${content.impactLabel}: ${content.impact}`,
    '',
    `${content.actionLabel}: ${content.actionUrl}`,
    ...(content.actionHint ? [content.actionHint] : []),
    '',
    '--',
    content.footer,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${e(content.title)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:Arial,Helvetica,sans-serif;color:#1d2430">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<tr><td>
<h1 style="font-size:20px;margin:0 0 16px">${e(content.title)}</h1>
<p style="margin:0 0 8px"><strong>${e(content.profileLabel)}:</strong> ${e(content.profileName)}</p>
<p style="margin:0 0 16px"><strong>${e(content.causeLabel)}:</strong> ${e(content.cause)}</p>
<p style="margin:0 0 24px"><strong>${e(content.impactLabel)}:</strong> ${e(content.impact)}</p>
<p style="margin:0 0 ${content.actionHint ? '8px' : '24px'}"><a href="${e(content.actionUrl)}" style="display:inline-block;background:#1f5eff;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${e(content.actionLabel)}</a></p>
${content.actionHint ? `<p style="margin:0 0 24px;font-size:14px;color:#1d2430">${e(content.actionHint)}</p>\n` : ''}
<p style="margin:0;font-size:12px;color:#5b6472">${e(content.footer)}</p>
</td></tr></table>
</body></html>`;
  return { subject, text, html };
}

/** Telegram's HTML parse mode: only a few tags, and &, <, > escaped. */
export function toTelegramHtml(content: AlertContent): string {
  const e = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    `<b>${e(content.title)}</b>`,
    '',
    `<b>${e(content.profileLabel)}:</b> ${e(content.profileName)}`,
    `<b>${e(content.causeLabel)}:</b> ${e(content.cause)}`,
    '',
    `<b>${e(content.impactLabel)}:</b> ${e(content.impact)}`,
    '',
    `<a href="${escapeHtml(content.actionUrl)}">${e(content.actionLabel)}</a>: ${e(content.actionUrl)}`,
    ...(content.actionHint ? [e(content.actionHint)] : []),
  ].join('\n');
}
