/**
 * The OAuth dialog for a Facebook Login for Business configuration of system-user access tokens:
 * the person signs in, picks one of the businesses they administer, then the assets of that
 * business to share with the app; the consent installs the app in the business (a Business
 * Integration System User, `integrations.ts`) and redirects with a code whose exchange gives a
 * token of that system user.
 *
 * Every step is a form posting to `/dialog/oauth/consent`, which decides the step from what it
 * gets: no `business_id` shows the businesses, `step=assets` shows the assets, anything else
 * consents. So a script can consent in one post (`email`, `password`, `business_id`, and
 * `objects`, absent for every asset). Between steps the browser carries a sign-in ticket, not
 * the password: the person's id and an expiry, HMAC-signed with a key of this process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { assetTypesOf } from './configurations.ts';
import { hiddenFields, redirect, type DialogRequest } from './dialog-request.ts';
import { errorPage, escapeHtml, layout } from './html.ts';
import type { Ctx, Reply } from './http.ts';
import { install, IntegrationError, shareableAssets, type IntegrationDeps } from './integrations.ts';
import type { AssetKind } from './state.ts';
import { newCode } from './tokens.ts';
import type { WorldBusiness, WorldUser } from './world.ts';

/** How long a sign-in carries the person through the business steps (real time). */
export const TICKET_TTL_MS = 30 * 60 * 1000;

/** Signs and checks the dialog's sign-in tickets; the key lives as long as the process. */
export class DialogTickets {
  private readonly key = randomBytes(32);

  issue(userId: string, appId: string, now = Date.now()): string {
    const expiresAt = now + TICKET_TTL_MS;
    return `${userId}.${expiresAt}.${this.mac(userId, expiresAt, appId)}`;
  }

  /** The person's id, when the ticket is this process's, for this app, and not expired. */
  verify(ticket: string, appId: string, now = Date.now()): string | undefined {
    const [userId = '', expires = '', mac = ''] = ticket.split('.');
    const expiresAt = Number(expires);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return undefined;
    const given = Buffer.from(mac);
    const expected = Buffer.from(this.mac(userId, expiresAt, appId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
  }

  private mac(userId: string, expiresAt: number, appId: string): string {
    return createHmac('sha256', this.key).update(`${userId}.${expiresAt}.${appId}`).digest('base64url');
  }
}

export interface DialogDeps extends IntegrationDeps {
  tickets: DialogTickets;
}

const TYPE_LABELS: Record<AssetKind, string> = { adAccount: 'Ad accounts', page: 'Pages', pixel: 'Pixels', catalog: 'Catalogs' };

function page(status: number, title: string, card: string): Reply {
  return { status, raw: layout(title, `<div class="card">${card}</div>`) };
}

const alert = (error: string | undefined): string => (error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : '');

const buttons = (withContinue: boolean): string => `<div class="actions">${withContinue ? '<button type="submit" class="primary">Continue</button>' : ''}
<button type="submit" class="secondary" name="cancel" value="1" formnovalidate>Cancel</button></div>`;

/** Step 1: sign in. Says what the app will get; nothing to uncheck (Meta grants a configuration whole). */
export function businessLoginPage(req: DialogRequest, error?: string, email = ''): Reply {
  const name = escapeHtml(req.app.name);
  const expiry = req.config?.expiresIn60Days === true ? 'Its access token expires after 60 days unless the app renews it.' : 'Its access token does not expire.';
  const permissions = req.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return page(200, `Connect a business to ${req.app.name}`, `<h1>Connect a business to ${name}</h1>
<p>${name} asks to connect one of your businesses on the <strong>local Meta emulator</strong>. It gets a system user in the business you choose, with access to the assets you share. ${expiry}</p>
${alert(error)}
<form method="post" action="/dialog/oauth/consent">${hiddenFields(req)}
<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<h2 id="permissions-heading">${name} will be able to use</h2>
<ul aria-labelledby="permissions-heading">${permissions}</ul>
${buttons(true)}
</form>`);
}

/** Step 2: the businesses the person administers. */
function businessChoicePage(deps: DialogDeps, req: DialogRequest, user: WorldUser, error?: string): Reply {
  const index = deps.state.index;
  const businesses = [...(index.adminOf.get(user.id) ?? [])]
    .map((id) => index.businesses.get(id))
    .filter((b): b is WorldBusiness => b !== undefined)
    .sort((a, b) => (index.order.get(a.id) ?? 0) - (index.order.get(b.id) ?? 0));
  const hidden = hiddenFields(req, { ticket: deps.tickets.issue(user.id, req.app.id), step: 'assets' });
  const radios = businesses
    .map((b, i) => `<label class="perm" for="business-${i}"><input type="radio" id="business-${i}" name="business_id" value="${escapeHtml(b.id)}" required${i === 0 ? ' checked' : ''}> ${escapeHtml(b.name)}</label>`)
    .join('');
  const body = businesses.length > 0
    ? `<fieldset><legend>Businesses you administer</legend>${radios}</fieldset>${buttons(true)}`
    : `<p>You are not an admin of any business, so you cannot connect one to ${escapeHtml(req.app.name)}. Ask an admin of the business to do it.</p>${buttons(false)}`;
  return page(200, 'Choose a business', `<h1>Choose the business to connect</h1>
<p>Signed in as ${escapeHtml(user.name)}.</p>
${alert(error)}
<form method="post" action="/dialog/oauth/consent">${hidden}${body}</form>`);
}

/** Step 3: the assets of the chosen business to share, all checked. */
function assetsPage(deps: DialogDeps, req: DialogRequest, user: WorldUser, business: WorldBusiness, error?: string): Reply {
  const refs = shareableAssets(deps.state.index, business.id, req.config ? assetTypesOf(req.config) : undefined);
  // The empty `objects` says "this is the selection" even when every box is unchecked.
  const hidden = hiddenFields(req, { ticket: deps.tickets.issue(user.id, req.app.id), business_id: business.id, objects: '' });
  const groups = (Object.keys(TYPE_LABELS) as AssetKind[])
    .map((kind) => {
      const boxes = refs
        .map((ref, i) => ({ ref, i }))
        .filter(({ ref }) => ref.kind === kind)
        .map(({ ref, i }) => `<label class="perm" for="asset-${i}"><input type="checkbox" id="asset-${i}" name="objects" value="${escapeHtml(ref.asset.id)}" checked> ${escapeHtml(ref.asset.name)} (${escapeHtml(ref.asset.id)})</label>`)
        .join('');
      return boxes === '' ? '' : `<fieldset><legend>${TYPE_LABELS[kind]}</legend>${boxes}</fieldset>`;
    })
    .join('');
  const name = escapeHtml(req.app.name);
  return page(200, `Share assets with ${req.app.name}`, `<h1>Choose what ${name} can use</h1>
<p>${escapeHtml(business.name)}: uncheck an asset to keep it from ${name}. The business can change this later in its settings.</p>
${alert(error)}
<form method="post" action="/dialog/oauth/consent">${hidden}
${groups === '' ? `<p>${escapeHtml(business.name)} has no assets of the kinds ${name} asks for.</p>` : groups}
${buttons(true)}
</form>`);
}

/** Who is signing in: email and password when given, otherwise the ticket of an earlier step. */
function signedIn(deps: DialogDeps, req: DialogRequest, ctx: Ctx): WorldUser | 'wrong' | 'expired' {
  const index = deps.state.index;
  const email = ctx.param('email');
  if (email !== undefined && email !== '') {
    const user = index.usersByEmail.get(email.toLowerCase());
    return user && user.password === (ctx.param('password') ?? '') ? user : 'wrong';
  }
  const ticket = ctx.param('ticket');
  if (ticket === undefined || ticket === '') return 'wrong';
  const user = index.users.get(deps.tickets.verify(ticket, req.app.id) ?? '');
  return user ?? 'expired';
}

/** The ids posted as `objects` (repeated, or comma-separated), or undefined when none was posted at all. */
function postedObjects(ctx: Ctx): string[] | undefined {
  if (!ctx.query.has('objects') && !ctx.body.has('objects')) return undefined;
  return [...new Set(ctx.params('objects').flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean))];
}

export async function businessConsent(deps: DialogDeps, req: DialogRequest, ctx: Ctx): Promise<Reply> {
  const { state } = deps;
  const user = signedIn(deps, req, ctx);
  if (user === 'wrong') return businessLoginPage(req, 'The email or password you entered is incorrect.', ctx.param('email') ?? '');
  if (user === 'expired') return businessLoginPage(req, 'Your sign-in has expired. Log in again.');
  const businessId = ctx.param('business_id');
  if (businessId === undefined || businessId === '') return businessChoicePage(deps, req, user);
  const business = state.index.businesses.get(businessId);
  // An unknown business is refused like one the person does not administer: nothing is told about it.
  if (!business || !(state.index.adminOf.get(user.id)?.has(businessId) ?? false)) {
    return { ...errorPage('Not an admin of this business', `${user.name} cannot connect this business to ${req.app.name}: only its admins can.`), status: 403 };
  }
  if (ctx.param('step') === 'assets') return assetsPage(deps, req, user, business);
  const config = req.config;
  if (!config) throw new Error('businessConsent needs a system-user configuration');
  const objects = postedObjects(ctx) ?? shareableAssets(state.index, businessId, assetTypesOf(config)).map((ref) => ref.asset.id);
  if (objects.length === 0) return assetsPage(deps, req, user, business, 'Choose at least one asset to share.');
  let integrationId: string;
  try {
    integrationId = (await install(deps, req.app, config, businessId, objects)).integration.id;
  } catch (err) {
    if (err instanceof IntegrationError) return errorPage('Invalid asset', err.message);
    throw err;
  }
  const code = newCode();
  state.codes.set(code, { appId: req.app.id, userId: user.id, redirectUri: req.redirectUri, createdAt: state.clock.now(), used: false, integrationId });
  state.touch();
  return redirect(req.redirectUri, { code, state: req.state });
}

