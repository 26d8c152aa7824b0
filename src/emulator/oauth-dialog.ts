/**
 * The OAuth dialog: `GET /dialog/oauth` shows a login and consent page for a world user, and
 * `POST /dialog/oauth/consent` (what the page's form posts, and what scripts post directly)
 * answers 302 to the app's redirect URI with a code, or with Meta's `access_denied` parameters on
 * cancel. An unknown or deleted app, or an unregistered redirect URI, gets an error page and never a
 * redirect.
 */
import { isAppDeleted } from './app-health.ts';
import { APP_DELETED_MESSAGE } from './errors.ts';
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

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

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

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f0f2f5;color:#1c1e21}
.banner{background:#fff3cd;color:#664d03;border-bottom:1px solid #ffe69c;padding:.6rem 1rem;text-align:center;font-size:.9rem}
main{max-width:420px;margin:1.5rem auto;padding:0 .75rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.1),0 8px 16px rgba(0,0,0,.08);padding:1.25rem}
h1{font-size:1.25rem;margin:0 0 .25rem}p{margin:.25rem 0 1rem;color:#444}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=password]{width:100%;padding:.7rem;border:1px solid #ccd0d5;border-radius:6px;font-size:1rem}
input:focus,button:focus{outline:3px solid #1877f2;outline-offset:2px}
fieldset{border:1px solid #dddfe2;border-radius:6px;margin:1rem 0;padding:.5rem .75rem}legend{font-weight:600;padding:0 .25rem}
.perm{display:flex;gap:.6rem;align-items:center;margin:.4rem 0;font-weight:400}.perm input{width:1.15rem;height:1.15rem}
.note{font-size:.85rem;color:#606770}.error{background:#fde8e8;color:#8a1c1c;border-radius:6px;padding:.6rem .75rem;margin-bottom:.75rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
button{flex:1 1 8rem;padding:.75rem 1rem;border-radius:6px;border:0;font-size:1rem;font-weight:600;cursor:pointer}
.primary{background:#1877f2;color:#fff}.secondary{background:#e4e6eb;color:#1c1e21}
code{word-break:break-all}`;

function layout(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Local Meta emulator</title><style>${STYLE}</style></head><body>
<div class="banner" role="note"><strong>Local Meta emulator</strong> — this is not Facebook. Nothing here leaves this machine.</div>
<main>${content}</main></body></html>`;
}

function errorPage(title: string, message: string): Reply {
  const body = `<div class="card" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`;
  return { status: 400, raw: layout(title, body) };
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
