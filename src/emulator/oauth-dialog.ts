/**
 * The OAuth dialog: `GET /dialog/oauth` shows a login and consent page for a world user, and
 * `POST /dialog/oauth/consent` (what the page's form posts, and what scripts post directly)
 * answers 302 to the app's redirect URI with a code, or with Meta's `access_denied` parameters on
 * cancel. An unknown or deleted app, or an unregistered redirect URI, gets an error page and never a
 * redirect (`dialog-request.ts`). A Facebook Login for Business `config_id` of a user
 * configuration asks for its permissions as `scope` would; one of a system-user configuration
 * goes through the business pages (`business-dialog.ts`).
 */
import { businessConsent, businessLoginPage, type DialogDeps } from './business-dialog.ts';
import { cancelled, checkDialog, hiddenFields, redirect, type DialogRequest } from './dialog-request.ts';
import { escapeHtml, layout } from './html.ts';
import type { Ctx, Reply } from './http.ts';
import type { EmulatorState } from './state.ts';
import { newCode } from './tokens.ts';

export { KNOWN_PERMISSIONS } from './permissions.ts';

function dialogPage(state: EmulatorState, req: DialogRequest, error?: string, email = ''): Reply {
  const hidden = hiddenFields(req);
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
  const checked = checkDialog(state, ctx);
  if (!checked.ok) return checked.reply;
  if (checked.req.config?.tokenType === 'system_user') return businessLoginPage(checked.req);
  return dialogPage(state, checked.req);
}

export function consent(deps: DialogDeps, ctx: Ctx): Reply | Promise<Reply> {
  const { state } = deps;
  const checked = checkDialog(state, ctx);
  if (!checked.ok) return checked.reply;
  const req = checked.req;
  if (ctx.param('cancel') === '1') return cancelled(req);
  if (req.config?.tokenType === 'system_user') return businessConsent(deps, req, ctx);
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
