/**
 * Typed Graph calls the system needs. Each asks only for the fields it uses (less data, less
 * CPU budget spent at Meta) and lists are collected through paginate with big pages, since
 * the permission sync is the heaviest Graph traffic and every page is one more call.
 */
import { classifyGraphFailure } from './classify.ts';
import type { PaginateOptions, RequestOptions } from './graph-client.ts';
import { GraphError } from './graph-error.ts';

interface Core {
  get<T>(path: string, opts?: RequestOptions): Promise<T>;
  post<T>(path: string, opts?: RequestOptions): Promise<T>;
  paginate<T>(path: string, opts?: PaginateOptions): AsyncIterable<T>;
}

export interface MeResponse {
  id: string;
  name?: string;
  email?: string;
  [field: string]: unknown;
}
export interface PermissionEntry {
  permission: string;
  status: 'granted' | 'declined' | 'expired' | string;
}
export interface DebugTokenData {
  app_id?: string;
  type?: string;
  application?: string;
  data_access_expires_at?: number;
  /** 0 = never expires (system user tokens). */
  expires_at?: number;
  is_valid: boolean;
  issued_at?: number;
  scopes?: string[];
  granular_scopes?: { scope: string; target_ids?: string[] }[];
  user_id?: string;
  error?: { code?: number; subcode?: number; message?: string };
}
export interface TokenExchange {
  accessToken: string;
  /** Seconds; absent when Meta omits it (tokens that never expire). */
  expiresIn?: number;
}
export interface Business {
  id: string;
  name?: string;
}
export interface AdAccount {
  id: string;
  account_id?: string;
  name?: string;
  account_status?: number;
  /** ISO 4217: the currency the account's spend is in. */
  currency?: string;
}
export interface Page {
  id: string;
  name?: string;
  category?: string;
  tasks?: string[];
}
export interface NamedAsset {
  id: string;
  name?: string;
}
export interface Campaign {
  id: string;
  name?: string;
  status?: string;
  effective_status?: string;
}
/** Meta returns the figures as decimal strings. */
export interface InsightRow {
  date_start: string;
  date_stop: string;
  spend?: string;
  impressions?: string;
  clicks?: string;
}

export interface GraphHelpers {
  me(token: string, fields?: readonly string[] | string): Promise<MeResponse>;
  permissions(token: string): Promise<PermissionEntry[]>;
  /**
   * Inspects `inputToken` with the app token; returns the `data` object. An answer without a
   * usable `data` (no object, no boolean `is_valid`) is a GraphError, never a verdict.
   */
  debugToken(inputToken: string): Promise<DebugTokenData>;
  /** The app node (`GET /{app-id}`) read with the app token: what tells whether Meta still accepts the app. */
  app(): Promise<{ id: string; name?: string }>;
  exchangeCode(code: string, redirectUri: string): Promise<TokenExchange>;
  /**
   * `fb_exchange_token`: a fresh long-lived token. `systemUser60Days` renews a 60-day System User
   * token (`set_token_expires_in_60_days=true`, as Meta documents; without it Meta would not).
   */
  exchangeLongLived(token: string, options?: { systemUser60Days?: boolean }): Promise<TokenExchange>;
  /**
   * A new token of a Business Integration System User: `POST /{client-business-id}/system_user_access_tokens`
   * with its current token (and appsecret_proof, as every call), expiring 60 days from now
   * (`set_token_expires_in_60_days=true`). Meta answers `{"access_token"}` only: read its expiry with debug_token.
   */
  renewBusinessToken(token: string, clientBusinessId: string): Promise<TokenExchange>;
  businesses(token: string): Promise<Business[]>;
  adAccounts(token: string): Promise<AdAccount[]>;
  /** `/me/accounts`. Page access tokens are deliberately not requested. */
  pages(token: string): Promise<Page[]>;
  businessOwnedAdAccounts(token: string, bmId: string): Promise<AdAccount[]>;
  businessClientAdAccounts(token: string, bmId: string): Promise<AdAccount[]>;
  businessOwnedPages(token: string, bmId: string): Promise<Page[]>;
  businessOwnedPixels(token: string, bmId: string): Promise<NamedAsset[]>;
  businessCatalogs(token: string, bmId: string): Promise<NamedAsset[]>;
  adAccountPixels(token: string, actId: string): Promise<NamedAsset[]>;
  campaigns(token: string, actId: string): Promise<Campaign[]>;
  /** Daily account-level rows; `since`/`until` are YYYY-MM-DD, inclusive. */
  insights(token: string, actId: string, range: { since: string; until: string }): Promise<InsightRow[]>;
  setCampaignStatus(token: string, campaignId: string, status: 'PAUSED' | 'ACTIVE'): Promise<{ success: boolean }>;
}

export const LIST_PAGE_SIZE = 500;
const AD_ACCOUNT_FIELDS = 'id,account_id,name,account_status,currency';

/** Ad accounts are addressed as act_<id>; callers may hold either form. */
export function adAccountNode(actId: string): string {
  return actId.startsWith('act_') ? actId : `act_${actId}`;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function toExchange(raw: { access_token?: unknown; expires_in?: unknown }): TokenExchange {
  if (typeof raw.access_token !== 'string' || raw.access_token === '') {
    // A 200 without a token is Meta misbehaving, not a bug of ours: surface it like any
    // other Graph failure so the caller's error handling applies.
    const classification = classifyGraphFailure({ status: 200, body: raw });
    throw new GraphError({ method: 'GET', path: '/oauth/access_token', status: 200, classification });
  }
  const expiresIn = typeof raw.expires_in === 'number' ? raw.expires_in : Number(raw.expires_in);
  return Number.isFinite(expiresIn) && expiresIn > 0 ? { accessToken: raw.access_token, expiresIn } : { accessToken: raw.access_token };
}

export function createHelpers(core: Core, app: { appId: string; appSecret: string }): GraphHelpers {
  const list = <T>(token: string, path: string, fields: string, usageObjectId?: string, params?: RequestOptions['params']) =>
    collect(core.paginate<T>(path, { accessToken: token, pageSize: LIST_PAGE_SIZE, usageObjectId, params: { fields, ...params } }));

  return {
    me: (token, fields = ['id', 'name']) =>
      core.get<MeResponse>('/me', { accessToken: token, params: { fields: typeof fields === 'string' ? fields : fields.join(',') } }),
    permissions: (token) => list<PermissionEntry>(token, '/me/permissions', 'permission,status'),
    async debugToken(inputToken) {
      const res = await core.get<{ data?: DebugTokenData }>('/debug_token', {
        accessToken: `${app.appId}|${app.appSecret}`,
        params: { input_token: inputToken },
      });
      const data = (res as { data?: unknown } | undefined)?.data;
      if (typeof data !== 'object' || data === null || typeof (data as { is_valid?: unknown }).is_valid !== 'boolean') {
        // A 200 that says nothing about the token is no proof either way: the caller must not
        // read it as "invalid".
        throw new GraphError({ method: 'GET', path: '/debug_token', status: 200, classification: classifyGraphFailure({ status: 200, body: res }), credential: 'app_token' });
      }
      return data as DebugTokenData;
    },
    app: () => core.get<{ id: string; name?: string }>(`/${app.appId}`, { accessToken: `${app.appId}|${app.appSecret}`, params: { fields: 'id,name' }, evenWhenBlocked: true }),
    async exchangeCode(code, redirectUri) {
      const raw = await core.get<{ access_token?: unknown; expires_in?: unknown }>('/oauth/access_token', {
        params: { client_id: app.appId, client_secret: app.appSecret, redirect_uri: redirectUri, code },
      });
      return toExchange(raw);
    },
    async exchangeLongLived(token, options = {}) {
      const raw = await core.get<{ access_token?: unknown; expires_in?: unknown }>('/oauth/access_token', {
        params: {
          grant_type: 'fb_exchange_token',
          client_id: app.appId,
          client_secret: app.appSecret,
          fb_exchange_token: token,
          ...(options.systemUser60Days ? { set_token_expires_in_60_days: 'true' } : {}),
        },
      });
      return toExchange(raw);
    },
    async renewBusinessToken(token, clientBusinessId) {
      const raw = await core.post<{ access_token?: unknown; expires_in?: unknown }>(`/${clientBusinessId}/system_user_access_tokens`, {
        accessToken: token,
        params: { set_token_expires_in_60_days: 'true' },
        // A retried POST would mint a second token; the sweep tries again later instead.
        retry: false,
      });
      return toExchange(raw);
    },
    businesses: (token) => list<Business>(token, '/me/businesses', 'id,name'),
    adAccounts: (token) => list<AdAccount>(token, '/me/adaccounts', AD_ACCOUNT_FIELDS),
    pages: (token) => list<Page>(token, '/me/accounts', 'id,name,category,tasks'),
    businessOwnedAdAccounts: (token, bmId) => list<AdAccount>(token, `/${bmId}/owned_ad_accounts`, AD_ACCOUNT_FIELDS, bmId),
    businessClientAdAccounts: (token, bmId) => list<AdAccount>(token, `/${bmId}/client_ad_accounts`, AD_ACCOUNT_FIELDS, bmId),
    businessOwnedPages: (token, bmId) => list<Page>(token, `/${bmId}/owned_pages`, 'id,name,category', bmId),
    businessOwnedPixels: (token, bmId) => list<NamedAsset>(token, `/${bmId}/owned_pixels`, 'id,name', bmId),
    businessCatalogs: (token, bmId) => list<NamedAsset>(token, `/${bmId}/owned_product_catalogs`, 'id,name', bmId),
    adAccountPixels: (token, actId) => list<NamedAsset>(token, `/${adAccountNode(actId)}/adspixels`, 'id,name', adAccountNode(actId)),
    campaigns: (token, actId) =>
      list<Campaign>(token, `/${adAccountNode(actId)}/campaigns`, 'id,name,status,effective_status', adAccountNode(actId)),
    insights: (token, actId, range) =>
      list<InsightRow>(token, `/${adAccountNode(actId)}/insights`, 'spend,impressions,clicks', adAccountNode(actId), {
        level: 'account',
        time_increment: 1,
        time_range: JSON.stringify({ since: range.since, until: range.until }),
      }),
    setCampaignStatus: (token, campaignId, status) =>
      core.post<{ success: boolean }>(`/${campaignId}`, { accessToken: token, params: { status } }),
  };
}
