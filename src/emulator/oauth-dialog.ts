/**
 * The OAuth dialog: `GET /dialog/oauth` shows a login and consent page for a world user, and
 * `POST /dialog/oauth/consent` (what the page's form posts, and what scripts post directly)
 * answers 302 to the app's redirect URI with a code, or with Meta's `access_denied` parameters on
 * cancel. An unknown or deleted app, or an unregistered redirect URI, gets an error page and never a
 * redirect.
 */
import { isAppDeleted } from './app-health.ts';
import { APP_DELETED_MESSAGE } from './errors.ts';
import { errorPage, escapeHtml, layout } from './html.ts';
import type { Ctx, Reply } from './http.ts';
import type { EmulatorState } from './state.ts';
import { newCode } from './tokens.ts';
import type { WorldApp } from './world.ts';

/** Permissions the dialog knows; anything else is refused as Meta refuses invalid scopes. */
export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set([
  'public_profile', 'email', 'ads_management', 'ads_read', 'business_management', 'catalog_management',
  'pages_show_list', 'pages_read_engagement', 'pages_manage_metadata', 'pages_manage_ads', 'pages_manage_posts',
  'pages_read_user_content', 'pages_manage_engagement', 'pages_messaging', 'read_insights', 'leads_retrieval',
  'instagram_basic', 'instagram_content_publish', 'instagram_manage_comments', 'instagram_manage_insights',
  'instagram_manage_messages', 'whatsapp_business_management', 'whatsapp_business_messaging', 'user_friends',
]);

const DIALOG_PARAMS = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type', 'auth_type'] as const;


interface DialogRequest {
  app: WorldApp;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  rerequest: boolean;
  raw: Record<string, string>;
}

type Checked = { ok: true; req: DialogRequest } | { ok: false; reply: Reply };

function check(state: EmulatorState, ctx: Ctx): Checked {
  const raw: Record<string, string> = {};
  for (const name of DIALOG_PARAMS) {
    const v = ctx.param(name);
    if (v !== undefined) raw[name] = v;
  }
  const app = raw.client_id !== undefined ? state.index.apps.get(raw.client_id) : undefined;
  if (!app) return { ok: false, reply: errorPage('Invalid App ID', 'The provided app ID does not look like a valid app ID.') };
  // A deleted app offers no login (its tokens would be refused anyway).
  if (isAppDeleted(state, app.id)) return { ok: false, reply: errorPage('App deleted', APP_DELETED_MESSAGE) };
  const redirectUri = raw.redirect_uri ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return {
      ok: false,
      reply: errorPage('URL blocked', "This redirect failed because the redirect URI is not white-listed in the app's client OAuth settings. Make sure that the client and web OAuth logins are on and add all your app domains as valid OAuth redirect URIs."),
    };
  }
  if ((raw.response_type ?? 'code') !== 'code') return { ok: false, reply: errorPage('Unsupported response_type', 'The local Meta emulator supports response_type=code only.') };
  const scopes = [...new Set((raw.scope ?? '').split(/[,\s]+/).filter(Boolean))];
  const invalid = scopes.filter((s) => !KNOWN_PERMISSIONS.has(s));
  if (invalid.length > 0) return { ok: false, reply: errorPage('Invalid Scopes', `Invalid Scopes: ${invalid.join(', ')}. This message is only shown to developers.`) };
  return { ok: true, req: { app, redirectUri, state: raw.state, scopes, rerequest: raw.auth_type === 'rerequest', raw } };
}

function dialogPage(state: EmulatorState, req: DialogRequest, error?: string, email = ''): Reply {
  const hidden = Object.entries(req.raw)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const user = state.index.usersByEmail.get(email.toLowerCase());
  const declined = user ? state.grants.get(`${user.id} ${req.app.id}`)?.declined : undefined;
  const askable = req.scopes.filter((s) => s !== 'public_profile');
  const boxes = askable
    .map((s, i) => {
      const blocked = !req.rerequest && (declined?.has(s) ?? false);
      return blocked
        ? `<p class="note">${escapeHtml(s)}: you declined this before (the app must ask again with auth_type=rerequest).</p>`
        : `<label class="perm" for="perm-${i}"><input type="checkbox" id="perm-${i}" name="granted" value="${escapeHtml(s)}" checked> ${escapeHtml(s)}</label>`;
    })
    .join('');
  const content = `<div class="card">
<h1>Log in to continue to ${escapeHtml(req.app.name)}</h1>
<p>${escapeHtml(req.app.name)} is asking to use your account on the <strong>local Meta emulator</strong>.</p>
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}
<form method="post" action="/dialog/oauth/consent">${hidden}
<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
${askable.length > 0 ? `<fieldset><legend>${escapeHtml(req.app.name)} will receive</legend>
<p class="note">Your name and profile picture (public_profile) are always shared. Uncheck a permission to decline it.</p>${boxes}</fieldset>` : ''}
<div class="actions"><button type="submit" class="primary">Continue</button>
<button type="submit" class="secondary" name="cancel" value="1" formnovalidate>Cancel</button></div>
</form></div>`;
  return { status: 200, raw: layout(`Log in to ${req.app.name}`, content) };
}

export function dialog(state: EmulatorState, ctx: Ctx): Reply {
  const checked = check(state, ctx);
  if (!checked.ok) return checked.reply;
  return dialogPage(state, checked.req);
}

function redirect(target: string, params: Record<string, string | undefined>): Reply {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const sep = target.includes('?') ? '&' : '?';
  // Meta appends "#_=_" to the redirect after a login dialog.
  return { status: 302, headers: { location: `${target}${sep}${q.toString()}#_=_` }, raw: '' };
}

export function consent(state: EmulatorState, ctx: Ctx): Reply {
  const checked = check(state, ctx);
  if (!checked.ok) return checked.reply;
  const req = checked.req;
  if (ctx.param('cancel') === '1') {
    return redirect(req.redirectUri, {
      error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: req.state,
    });
  }
  const email = ctx.param('email') ?? '';
  const user = state.index.usersByEmail.get(email.toLowerCase());
  if (!user || user.password !== (ctx.param('password') ?? '')) {
    return dialogPage(state, req, 'The email or password you entered is incorrect.', email);
  }
  const submitted = new Set(ctx.params('granted').flatMap((g) => g.split(',')).map((s) => s.trim()).filter(Boolean));
  const grants = state.grantsFor(user.id, req.app.id);
  for (const scope of req.scopes) {
    if (scope === 'public_profile') continue;
    if (!req.rerequest && grants.declined.has(scope)) continue;
    if (submitted.has(scope)) {
      grants.granted.add(scope);
      grants.declined.delete(scope);
    } else {
      grants.declined.add(scope);
      grants.granted.delete(scope);
    }
  }
  const runtime = state.userRuntime(user.id);
  // A checkpoint stays on the tokens issued before it; this login (the person "followed the
  // instructions") issues a code whose tokens come after it, so they work.
  runtime.lastLoginAt = state.clock.now();
  state.touch();
  const code = newCode();
  state.codes.set(code, { appId: req.app.id, userId: user.id, redirectUri: req.redirectUri, createdAt: state.clock.now(), used: false });
  return redirect(req.redirectUri, { code, state: req.state });
}
