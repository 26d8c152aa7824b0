/**
 * The Graph API surface: /me and its edges, nodes by id, Business Manager and ad account edges,
 * insights and campaign status changes. Every route checks visibility first (an object the token
 * cannot see answers code 100 subcode 33, as if it did not exist) and permissions second
 * (code 200 or 10), as Meta does.
 */
import { businessAssets, canSee, canSeeBusiness, visibleAssets, visibleBusinesses, type Principal } from './access.ts';
import { authenticate, usageScope, type Auth } from './auth.ts';
import {
  adAccountNotGranted, appLacksPermission, invalidParam, missingToken, nonexistingField, requiresPermission,
  unknownPath, unsupportedRequest,
} from './errors.ts';
import type { Ctx, Reply } from './http.ts';
import { adAccountInsights } from './insights.ts';
import {
  DEFAULTS, PAGE_TASKS, adAccountNode, appNode, businessNode, campaignNode, catalogNode, pageNode, parseFields, pixelNode,
  select, systemUserNode, userNode,
} from './nodes.ts';
import { paginate, type Paged } from './paging.ts';
import type { AssetKind, EmulatorState, TokenRecord } from './state.ts';
import { subscriptionsEdge } from './subscriptions.ts';
import { systemUserAccessTokens } from './system-user-tokens.ts';
import { hasScope, pageTokenFor, scopesOf } from './tokens.ts';
import type { Usage } from './usage.ts';
import { adsVersionDeprecated } from './versions.ts';
import type { CampaignStatus } from './world.ts';

export interface GraphCall {
  state: EmulatorState;
  usage: Usage;
  ctx: Ctx;
  /** Headers to send whatever the outcome (usage headers). */
  headers: Record<string, string>;
}

type TokenAuth = Extract<Auth, { kind: 'token' }>;

const ok = (body: unknown): Reply => ({ status: 200, body });

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function graph(call: GraphCall): Reply | Promise<Reply> {
  const { state, ctx } = call;
  const segments = ctx.path.split('/').filter(Boolean).map(safeDecode);
  if (segments.length === 0) throw unsupportedRequest(ctx.method, '');
  if (segments.length > 2) throw unknownPath(`/${segments.slice(2).join('/')}`);
  const auth = authenticate(state, ctx, segments[0] === 'me');
  // Assumption: Meta judges the token before the version, so a dead token still answers 190.
  if (isAdsApi(state, segments[0] ?? '') && state.versions.adsRefused(ctx.version)) throw adsVersionDeprecated();
  const outcome = call.usage.evaluate(usageScope(state, auth, segments), state.clock.now(), state.limits);
  Object.assign(call.headers, outcome.headers);
  if (outcome.error) throw outcome.error;

  const [id = '', edge] = segments;
  if (edge === 'subscriptions' && state.index.apps.has(id)) return subscriptionsEdge(state, ctx, auth, id);
  if (auth.kind === 'app') return appTokenRoute(auth, ctx, id, edge);
  if (edge === 'system_user_access_tokens' && state.index.businesses.has(id)) return systemUserAccessTokens(state, ctx, auth, id);
  if (id === 'me') return edge === undefined ? me(call, auth) : meEdge(call, auth, edge);
  return edge === undefined ? node(call, auth, id) : objectEdge(call, auth, id, edge);
}

/** The Ads (Marketing) API part of the Graph API the emulator serves: ad account nodes and edges, and campaigns. */
function isAdsApi(state: EmulatorState, id: string): boolean {
  return id.startsWith('act_') || state.index.campaigns.has(id);
}

/** An app token reads its own app node; user data needs a user or system-user token. */
function appTokenRoute(auth: Extract<Auth, { kind: 'app' }>, ctx: Ctx, id: string, edge: string | undefined): Reply {
  if (id === 'me') throw missingToken(true);
  if (id === auth.app.id && edge === undefined && ctx.method === 'GET') {
    return ok(select(appNode(auth.app), parseFields(ctx.param('fields')), DEFAULTS.app));
  }
  throw unsupportedRequest(ctx.method, id);
}

function requireGet(ctx: Ctx, id: string): void {
  if (ctx.method !== 'GET') throw unsupportedRequest(ctx.method, id);
}

function me(call: GraphCall, auth: TokenAuth): Reply {
  const { state, ctx } = call;
  requireGet(ctx, 'me');
  const fields = parseFields(ctx.param('fields'));
  const p = auth.principal;
  if (p.kind === 'user') {
    const u = state.index.users.get(p.userId);
    if (!u) throw unsupportedRequest('GET', 'me');
    return ok(select(userNode(u, hasScope(state, auth.rec, 'email')), fields, DEFAULTS.user));
  }
  if (p.kind === 'system') {
    const s = state.index.systemUsers.get(p.systemUserId);
    if (!s) throw unsupportedRequest('GET', 'me');
    // A Business Integration System User names its client business (Facebook Login for Business).
    const clientBusiness = state.integrations.has(s.id) ? { client_business_id: s.business } : {};
    return ok(select({ ...systemUserNode(s), ...clientBusiness }, fields, ['name', 'id']));
  }
  const page = state.index.pages.get(p.pageId);
  if (!page) throw unsupportedRequest('GET', 'me');
  return ok(select(pageNode(state.index, page), fields, DEFAULTS.page));
}

function permissions(state: EmulatorState, rec: TokenRecord): Reply {
  const data: Array<{ permission: string; status: string }> = scopesOf(state, rec).map((permission) => ({ permission, status: 'granted' }));
  if (rec.kind !== 'system' && rec.userId !== undefined) {
    for (const permission of state.grantsFor(rec.userId, rec.appId).declined) data.push({ permission, status: 'declined' });
  }
  return ok({ data });
}

function requireAds(state: EmulatorState, rec: TokenRecord): void {
  if (!hasScope(state, rec, 'ads_read', 'ads_management')) throw adAccountNotGranted();
}

function meEdge(call: GraphCall, auth: TokenAuth, edge: string): Reply {
  const { state, ctx } = call;
  requireGet(ctx, 'me');
  const index = state.index;
  const fields = parseFields(ctx.param('fields'));
  const p = auth.principal;
  switch (edge) {
    case 'permissions':
      return permissions(state, auth.rec);
    case 'businesses': {
      if (!hasScope(state, auth.rec, 'business_management')) throw requiresPermission('business_management');
      const listing = visibleBusinesses(index, p);
      return ok(paginate(ctx, listing.ids, (id) => select(businessNode(index.businesses.get(id) ?? { id, name: '', admins: [], systemUsers: [] }), fields, DEFAULTS.business), listing.pos));
    }
    case 'adaccounts': {
      if (!hasScope(state, auth.rec, 'ads_read', 'ads_management')) throw appLacksPermission();
      return ok(assetPage(call, p, visibleAssets(index, p, 'adAccount'), 'adAccount', fields));
    }
    case 'accounts': {
      if (!hasScope(state, auth.rec, 'pages_show_list')) throw requiresPermission('pages_show_list');
      const listing = visibleAssets(index, p, 'page');
      return ok(paginate(ctx, listing.ids, (id) => myPage(call, auth.rec, id, fields), listing.pos));
    }
    default:
      throw nonexistingField(edge, p.kind === 'page' ? 'Page' : p.kind === 'system' ? 'SystemUser' : 'User');
  }
}

/** A page as /me/accounts shows it: with the page access token and the person's tasks. */
function myPage(call: GraphCall, rec: TokenRecord, id: string, fields: ReturnType<typeof parseFields>): unknown {
  const page = call.state.index.pages.get(id);
  if (!page) return { id };
  const full = pageNode(call.state.index, page, { access_token: pageTokenFor(call.state, rec, id), tasks: PAGE_TASKS });
  return select(full, fields, DEFAULTS.myPage);
}

function renderAsset(call: GraphCall, kind: AssetKind, id: string, fields: ReturnType<typeof parseFields>): unknown {
  const index = call.state.index;
  switch (kind) {
    case 'adAccount': {
      const a = index.adAccounts.get(id);
      return a ? select(adAccountNode(index, a), fields, DEFAULTS.adAccount) : { id };
    }
    case 'page': {
      const p = index.pages.get(id);
      return p ? select(pageNode(index, p), fields, DEFAULTS.page) : { id };
    }
    case 'pixel': {
      const x = index.pixels.get(id);
      return x ? select(pixelNode(index, x), fields, DEFAULTS.pixel) : { id };
    }
    case 'catalog': {
      const c = index.catalogs.get(id);
      return c ? select(catalogNode(index, c), fields, DEFAULTS.catalog) : { id };
    }
  }
}

function assetPage(call: GraphCall, _p: Principal, listing: { ids: string[]; pos: Map<string, number> }, kind: AssetKind, fields: ReturnType<typeof parseFields>): Paged {
  return paginate(call.ctx, listing.ids, (id) => renderAsset(call, kind, id, fields), listing.pos);
}

function node(call: GraphCall, auth: TokenAuth, id: string): Reply {
  const { state, ctx } = call;
  const index = state.index;
  const p = auth.principal;
  const fields = parseFields(ctx.param('fields'));
  // Any token of the app reads the app's node: how a client checks the app's health with what it has.
  if (id === auth.app.id) {
    requireGet(ctx, id);
    return ok(select(appNode(auth.app), fields, DEFAULTS.app));
  }
  const campaign = index.campaigns.get(id);
  if (campaign) {
    if (!canSee(index, p, 'adAccount', campaign.adAccount)) throw unsupportedRequest(ctx.method, id);
    if (ctx.method === 'POST') return updateCampaign(call, auth, id);
    requireGet(ctx, id);
    requireAds(state, auth.rec);
    return ok(select(campaignNode(campaign), fields, DEFAULTS.campaign));
  }
  requireGet(ctx, id);
  const ref = index.asset(id);
  if (ref) {
    if (!canSee(index, p, ref.kind, id)) throw unsupportedRequest('GET', id);
    if (ref.kind === 'adAccount') requireAds(state, auth.rec);
    if (ref.kind === 'pixel' && !hasScope(state, auth.rec, 'ads_read', 'ads_management', 'business_management')) throw requiresPermission('ads_read');
    if (ref.kind === 'catalog' && !hasScope(state, auth.rec, 'catalog_management', 'business_management')) throw requiresPermission('catalog_management');
    if (ref.kind === 'page' && fields?.some((f) => f.name === 'access_token' || f.name === 'tasks')) {
      return ok(myPage(call, auth.rec, id, fields));
    }
    return ok(renderAsset(call, ref.kind, id, fields));
  }
  const business = index.businesses.get(id);
  if (business) {
    if (!canSeeBusiness(index, p, id)) throw unsupportedRequest('GET', id);
    if (!hasScope(state, auth.rec, 'business_management')) throw requiresPermission('business_management');
    return ok(select(businessNode(business), fields, DEFAULTS.business));
  }
  const systemUser = index.systemUsers.get(id);
  if (systemUser) {
    const self = p.kind === 'system' && p.systemUserId === id;
    if (!self && !canSeeBusiness(index, p, systemUser.business)) throw unsupportedRequest('GET', id);
    return ok(select(systemUserNode(systemUser), fields, ['name', 'id']));
  }
  const user = index.users.get(id);
  if (user && p.kind === 'user' && p.userId === id) return ok(select(userNode(user, hasScope(state, auth.rec, 'email')), fields, DEFAULTS.user));
  throw unsupportedRequest('GET', id);
}

const STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED']);

function updateCampaign(call: GraphCall, auth: TokenAuth, id: string): Reply {
  const { state, ctx } = call;
  const campaign = state.index.campaigns.get(id);
  if (!campaign) throw unsupportedRequest('POST', id);
  if (!hasScope(state, auth.rec, 'ads_management')) throw requiresPermission('ads_management');
  const status = ctx.param('status');
  if (status !== undefined && !STATUSES.has(status)) throw invalidParam('Param status must be one of {ACTIVE, PAUSED, DELETED, ARCHIVED}');
  const name = ctx.param('name');
  if (status !== undefined) campaign.status = status as CampaignStatus;
  if (name !== undefined && name !== '') campaign.name = name;
  state.touch();
  return ok({ success: true });
}

function objectEdge(call: GraphCall, auth: TokenAuth, id: string, edge: string): Reply {
  const { state, ctx } = call;
  const index = state.index;
  const p = auth.principal;
  const fields = parseFields(ctx.param('fields'));
  requireGet(ctx, id);
  if (index.businesses.has(id)) {
    if (!canSeeBusiness(index, p, id)) throw unsupportedRequest('GET', id);
    if (!hasScope(state, auth.rec, 'business_management')) throw requiresPermission('business_management');
    const edges: Record<string, [AssetKind, boolean]> = {
      owned_ad_accounts: ['adAccount', false],
      client_ad_accounts: ['adAccount', true],
      owned_pages: ['page', false],
      owned_pixels: ['pixel', false],
      owned_product_catalogs: ['catalog', false],
    };
    if (edge === 'system_users') {
      const users = index.businesses.get(id)?.systemUsers ?? [];
      const ids = users.map((s) => s.id);
      return ok(paginate(ctx, ids, (sid) => {
        const s = index.systemUsers.get(sid);
        return s ? select(systemUserNode(s), fields, DEFAULTS.systemUser) : { id: sid };
      }, new Map(ids.map((x, i) => [x, i]))));
    }
    const spec = edges[edge];
    if (!spec) throw nonexistingField(edge, 'Business');
    return ok(assetPage(call, p, businessAssets(index, p, id, spec[0], spec[1]), spec[0], fields));
  }
  const account = index.adAccounts.get(id);
  if (account) {
    if (!canSee(index, p, 'adAccount', id)) throw unsupportedRequest('GET', id);
    requireAds(state, auth.rec);
    if (edge === 'insights') return ok(adAccountInsights(index, ctx, account, state.clock.now()));
    if (edge === 'adspixels') {
      const ids = account.pixels ?? [];
      return ok(paginate(ctx, ids, (pid) => renderAsset(call, 'pixel', pid, fields ?? [{ name: 'id' }]), new Map(ids.map((x, i) => [x, i]))));
    }
    if (edge === 'campaigns') {
      const wanted = effectiveStatusFilter(ctx.param('effective_status'));
      const list = (index.campaignsByAccount.get(id) ?? []).filter((c) => (wanted ? wanted.has(c.status) : c.status !== 'DELETED'));
      const ids = list.map((c) => c.id);
      return ok(paginate(ctx, ids, (cid) => {
        const c = index.campaigns.get(cid);
        return c ? select(campaignNode(c), fields, DEFAULTS.campaign) : { id: cid };
      }, new Map(ids.map((x, i) => [x, i]))));
    }
    throw nonexistingField(edge, 'AdAccount');
  }
  const ref = index.asset(id);
  if (ref && canSee(index, p, ref.kind, id)) throw nonexistingField(edge, ref.kind === 'page' ? 'Page' : ref.kind === 'pixel' ? 'AdsPixel' : 'ProductCatalog');
  throw unsupportedRequest('GET', id);
}

function effectiveStatusFilter(raw: string | undefined): Set<string> | undefined {
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    if (Array.isArray(v)) return new Set(v.map(String));
  } catch {
    // Graph also accepts a comma list.
  }
  return new Set(raw.split(',').map((s) => s.trim()));
}
