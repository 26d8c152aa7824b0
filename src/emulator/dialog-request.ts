/**
 * What every OAuth dialog page and consent post checks first, and how they answer: the app, its
 * health, the redirect URI, the response type, and what is asked for — `scope`, or a Facebook
 * Login for Business configuration (`config_id`, which wins over `scope`). A request that fails
 * gets an error page (HTTP 400) and never a redirect, as Meta's dialog does.
 */
import { isAppDeleted } from './app-health.ts';
import type { LoginConfiguration } from './configurations.ts';
import { APP_DELETED_MESSAGE } from './errors.ts';
import { errorPage, escapeHtml } from './html.ts';
import type { Ctx, Reply } from './http.ts';
import { KNOWN_PERMISSIONS } from './permissions.ts';
import type { EmulatorState } from './state.ts';
import type { WorldApp } from './world.ts';

const DIALOG_PARAMS = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type', 'auth_type', 'config_id', 'override_default_response_type'] as const;

export interface DialogRequest {
  app: WorldApp;
  redirectUri: string;
  state: string | undefined;
  /** The permissions asked for: `scope`, or the configuration's. */
  scopes: string[];
  rerequest: boolean;
  /** The configuration named by `config_id`, if any. */
  config?: LoginConfiguration;
  /** The dialog's own parameters as received: every form of the dialog carries them on. */
  raw: Record<string, string>;
}

export type Checked = { ok: true; req: DialogRequest } | { ok: false; reply: Reply };

/**
 * Assumption: Meta's dialog shows "Config ID is invalid" for a config_id the app does not have;
 * the page around the words is the emulator's.
 */
export const CONFIG_INVALID = 'Config ID is invalid';

export function checkDialog(state: EmulatorState, ctx: Ctx): Checked {
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
  const base = { app, redirectUri, state: raw.state, rerequest: raw.auth_type === 'rerequest', raw };
  if (raw.config_id !== undefined) {
    const config = app.configurations?.find((c) => c.id === raw.config_id);
    if (!config) return { ok: false, reply: errorPage(CONFIG_INVALID, `${CONFIG_INVALID}. The app ${app.name} has no Facebook Login for Business configuration with this id. This message is only shown to developers.`) };
    // Meta: a system-user access token configuration needs the code flow, asked for explicitly.
    if (config.tokenType === 'system_user' && (raw.response_type !== 'code' || raw.override_default_response_type !== 'true')) {
      return {
        ok: false,
        reply: errorPage('Invalid request', 'A configuration for system-user access tokens needs response_type=code and override_default_response_type=true. This message is only shown to developers.'),
      };
    }
    return { ok: true, req: { ...base, scopes: config.permissions, config } };
  }
  const scopes = [...new Set((raw.scope ?? '').split(/[,\s]+/).filter(Boolean))];
  const invalid = scopes.filter((s) => !KNOWN_PERMISSIONS.has(s));
  if (invalid.length > 0) return { ok: false, reply: errorPage('Invalid Scopes', `Invalid Scopes: ${invalid.join(', ')}. This message is only shown to developers.`) };
  return { ok: true, req: { ...base, scopes } };
}

/** The dialog's parameters as hidden fields, so the next form posts them again. */
export function hiddenFields(req: DialogRequest, extra: Record<string, string> = {}): string {
  return Object.entries({ ...req.raw, ...extra })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
}

/** 302 to the app's redirect URI. Meta appends "#_=_" to the redirect after a login dialog. */
export function redirect(target: string, params: Record<string, string | undefined>): Reply {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const sep = target.includes('?') ? '&' : '?';
  return { status: 302, headers: { location: `${target}${sep}${q.toString()}#_=_` }, raw: '' };
}

/** The person pressed Cancel: Meta's `access_denied` parameters. */
export function cancelled(req: DialogRequest): Reply {
  return redirect(req.redirectUri, {
    error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: req.state,
  });
}
