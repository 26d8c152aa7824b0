/**
 * A Meta user's "Apps and websites" settings, played by the emulator: `GET /settings/apps` asks the
 * person to sign in (email and password, as the OAuth dialog does), then lists the apps they have
 * authorized with the permissions granted, and offers to remove an app, revoke one permission or
 * ask for their data to be deleted. The buttons are plain HTML forms; they do exactly what the
 * control API's actions do (`push-signals.ts`), deliveries included, and the page then says how
 * the deliveries went. It never needs the control API.
 *
 * The sign-in is a short-lived session (30 minutes of real time, in memory: a restart signs out)
 * in an HttpOnly, SameSite=Strict cookie scoped to /settings. Every form carries the session's
 * own random token in a hidden field, compared in constant time, so a post from another site
 * (which cannot read the page) is refused even by a browser that sends the cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Delivery } from './deliveries.ts';
import { escapeHtml, layout } from './html.ts';
import type { Ctx, Reply } from './http.ts';
import { changePermission, hasAuthorized, removeApp, requestDataDeletion, SignalError, type SignalDeps } from './push-signals.ts';
import type { WorldApp, WorldUser } from './world.ts';

export const SETTINGS_PATH = '/settings/apps';
const COOKIE = 'emu_settings';
export const SESSION_TTL_MS = 30 * 60 * 1000;
const MAX_SESSIONS = 10_000;

interface Session {
  userId: string;
  csrf: string;
  expiresAt: number;
  /** What the last action did, shown once by the next page. */
  flash?: { text: string; error: boolean };
}

/** The settings page's sign-ins (real time: the virtual clock stands still). */
export class SettingsSessions {
  private readonly sessions = new Map<string, Session>();

  create(userId: string, now = Date.now()): [string, Session] {
    if (this.sessions.size >= MAX_SESSIONS) {
      for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
      // Still full: the oldest sign-in goes (Maps keep insertion order).
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value ?? '');
    }
    const id = randomBytes(32).toString('base64url');
    const session: Session = { userId, csrf: randomBytes(32).toString('base64url'), expiresAt: now + SESSION_TTL_MS };
    this.sessions.set(id, session);
    return [id, session];
  }

  get(id: string | undefined, now = Date.now()): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= now) this.sessions.delete(id);
    return session && session.expiresAt > now ? session : undefined;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }
}

export interface SettingsDeps extends SignalDeps {
  sessions: SettingsSessions;
}

function cookieOf(ctx: Ctx): string | undefined {
  for (const part of String(ctx.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function sameToken(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const page = (status: number, title: string, content: string, headers?: Record<string, string>): Reply =>
  ({ status, raw: layout(title, content), headers: { 'x-frame-options': 'DENY', ...headers } });

const backHome = (cookie?: string): Reply =>
  ({ status: 303, raw: '', headers: { location: SETTINGS_PATH, ...(cookie !== undefined ? { 'set-cookie': cookie } : {}) } });

function signInPage(status: number, error?: string, email = ''): Reply {
  return page(status, 'Apps and websites', `<div class="card"><h1>Apps and websites</h1>
<p>Log in to see and manage the apps you use with your account on the <strong>local Meta emulator</strong>.</p>
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}
<form method="post" action="${SETTINGS_PATH}/login">
<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit" class="primary">Log in</button></div>
</form></div>`);
}

function hidden(session: Session, fields: Record<string, string>): string {
  return Object.entries({ ...fields, csrf: session.csrf })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
}

function appSection(deps: SettingsDeps, session: Session, user: WorldUser, app: WorldApp, i: number): string {
  const granted = [...(deps.state.grants.get(`${user.id} ${app.id}`)?.granted ?? [])];
  const perms = granted
    .map((p) => p === 'public_profile'
      ? `<li><span>${escapeHtml(p)}</span> <span class="note">(always shared while the app is connected)</span></li>`
      : `<li><span>${escapeHtml(p)}</span><form method="post" action="${SETTINGS_PATH}/revoke">${hidden(session, { app: app.id, permission: p })}<button type="submit" class="secondary">Revoke ${escapeHtml(p)}</button></form></li>`)
    .join('');
  const deletion = app.dataDeletionCallbackUrl === undefined ? '' :
    `<form method="post" action="${SETTINGS_PATH}/delete-data">${hidden(session, { app: app.id })}<button type="submit" class="secondary">Ask ${escapeHtml(app.name)} to delete my data</button></form>`;
  return `<section class="card app" aria-labelledby="app-${i}"><h2 id="app-${i}">${escapeHtml(app.name)}</h2>
<p class="note">Permissions you granted:</p><ul class="perms">${perms}</ul>
<div class="actions"><form method="post" action="${SETTINGS_PATH}/remove">${hidden(session, { app: app.id })}<button type="submit" class="primary">Remove ${escapeHtml(app.name)}</button></form>${deletion}</div>
</section>`;
}

function listPage(deps: SettingsDeps, session: Session, user: WorldUser): Reply {
  const apps = [...deps.state.index.apps.values()].filter((app) => hasAuthorized(deps.state, user.id, app.id));
  const flash = session.flash;
  delete session.flash;
  const message = flash ? `<div class="${flash.error ? 'error' : 'done'}" role="${flash.error ? 'alert' : 'status'}">${escapeHtml(flash.text)}</div>` : '';
  const list = apps.length === 0 ? '<p>You have no active apps.</p>' : apps.map((app, i) => appSection(deps, session, user, app, i)).join('');
  return page(200, 'Apps and websites', `<h1>Apps and websites</h1>
<p>Logged in as <strong>${escapeHtml(user.name)}</strong> (${escapeHtml(user.email)}).</p>${message}
<h2>Active apps</h2>${list}
<form method="post" action="${SETTINGS_PATH}/logout">${hidden(session, {})}<button type="submit" class="secondary">Log out</button></form>`);
}

/** "the deauthorize callback was delivered (HTTP 200)", for the page's message. */
function told(deliveries: Delivery[]): string {
  if (deliveries.length === 0) return 'Nothing was sent to the app (it has no callback URL or webhook subscription for this).';
  const names = { deauthorize: 'deauthorize callback', data_deletion: 'data deletion callback', webhook: 'permissions webhook' };
  const parts = deliveries.map((d) => {
    const status = d.attempts.at(-1)?.status;
    return `${names[d.kind]} ${d.delivered ? 'delivered' : 'not delivered yet, Meta will retry'} (${status === null || status === undefined ? 'no answer' : `HTTP ${status}`})`;
  });
  return `Sent to the app: ${parts.join('; ')}.`;
}

async function act(deps: SettingsDeps, ctx: Ctx, session: Session, user: WorldUser, action: string): Promise<Reply> {
  const app = deps.state.index.apps.get(ctx.body.get('app') ?? '');
  if (!app) return page(400, 'Unknown app', '<div class="card" role="alert"><h1>Unknown app</h1><p>That app does not exist.</p></div>');
  try {
    if (action === 'remove') {
      // A second click (or an old tab) must not remove, and notify, twice.
      if (!hasAuthorized(deps.state, user.id, app.id)) throw new SignalError(`${app.name} is not connected to your account`);
      const deliveries = await removeApp(deps, user, app);
      session.flash = { text: `You removed ${app.name}. ${told(deliveries)}`, error: false };
    } else if (action === 'revoke') {
      const permission = ctx.body.get('permission') ?? '';
      const deliveries = await changePermission(deps, user, app, permission, false);
      session.flash = { text: `You revoked ${permission} from ${app.name}. ${told(deliveries)}`, error: false };
    } else {
      const deliveries = await requestDataDeletion(deps, user, app);
      session.flash = { text: `You asked ${app.name} to delete your data. ${told(deliveries)}`, error: false };
    }
  } catch (err) {
    if (!(err instanceof SignalError)) throw err;
    session.flash = { text: err.message, error: true };
  }
  return backHome();
}

const ACTIONS: ReadonlySet<string> = new Set(['remove', 'revoke', 'delete-data', 'logout']);

export async function settings(deps: SettingsDeps, ctx: Ctx): Promise<Reply> {
  const action = ctx.path.slice(SETTINGS_PATH.length + 1);
  const sid = cookieOf(ctx);
  const session = deps.sessions.get(sid);
  const user = session ? deps.state.index.users.get(session.userId) : undefined;
  if (ctx.method === 'GET' && action === '') return session && user ? listPage(deps, session, user) : signInPage(200);
  if (ctx.method !== 'POST') return page(405, 'Not allowed', '<div class="card" role="alert"><h1>Not allowed</h1></div>', { allow: 'GET' });
  if (action === 'login') {
    const email = ctx.body.get('email') ?? '';
    const person = deps.state.index.usersByEmail.get(email.toLowerCase());
    if (!person || person.password !== (ctx.body.get('password') ?? '')) return signInPage(200, 'The email or password you entered is incorrect.', email);
    deps.sessions.end(sid);
    const [id] = deps.sessions.create(person.id);
    return backHome(`${COOKIE}=${id}; Path=/settings; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}`);
  }
  if (!ACTIONS.has(action)) return page(404, 'Not found', '<div class="card" role="alert"><h1>Not found</h1></div>');
  if (!session || !user || !sameToken(ctx.body.get('csrf'), session.csrf)) {
    return page(403, 'Session expired', `<div class="card" role="alert"><h1>Session expired</h1><p>Please <a href="${SETTINGS_PATH}">log in again</a>.</p></div>`);
  }
  if (action === 'logout') {
    deps.sessions.end(sid);
    return backHome(`${COOKIE}=; Path=/settings; HttpOnly; SameSite=Strict; Max-Age=0`);
  }
  return act(deps, ctx, session, user, action);
}
