/**
 * Shared test helpers: a small world, and HTTP clients for the Graph and control APIs.
 * Everything goes through HTTP; no test reaches into the emulator's internals.
 */
import { createHmac } from 'node:crypto';
import type { World } from '../../src/emulator/world.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

export const APP = { id: '900000000000001', secret: 'test-app-secret', name: 'Wevion Test', redirect: 'http://localhost:5173/meta/callback' };

export const USERS = {
  giulia: { id: '100001', name: 'Giulia Rossi', email: 'giulia@example.it', password: 'meta-demo' },
  marco: { id: '100002', name: 'Marco Bianchi', email: 'marco@example.it', password: 'meta-demo' },
  emma: { id: '100003', name: 'Emma Clarke', email: 'emma@example.com', password: 'secret-emma' },
};

export const ALL_SCOPES = [
  'email', 'ads_management', 'ads_read', 'instagram_basic', 'instagram_content_publish', 'pages_manage_ads',
  'pages_manage_metadata', 'pages_read_engagement', 'pages_show_list', 'catalog_management',
  'instagram_manage_comments', 'instagram_manage_insights', 'read_insights', 'business_management',
];

/**
 * Giulia administers BM 200001 (owns act_1, act_2, page 400001, pixel 500001, catalog 600001,
 * has act_4 as a client). Marco has a direct role on act_2 and act_3 only. Emma administers
 * BM 200002 (owns act_4). System user 300001 of BM 200001 is assigned act_1 and page 400001.
 */
export function testWorld(overrides: Partial<World> = {}): World {
  return {
    apps: [{ id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [APP.redirect], requireAppsecretProof: true, longLivedReexchange: 'extend' }],
    users: Object.values(USERS),
    businesses: [
      { id: '200001', name: 'Agenzia Aurora', admins: [USERS.giulia.id], systemUsers: [{ id: '300001', name: 'Aurora Sync' }] },
      { id: '200002', name: 'Northwind Retail', admins: [USERS.emma.id], systemUsers: [{ id: '300002', name: 'Northwind Bot' }] },
    ],
    adAccounts: [
      { id: 'act_1', name: 'Trattoria da Gino', business: '200001', users: [], systemUsers: ['300001'], pixels: ['500001'] },
      { id: 'act_2', name: 'Moda Milano', business: '200001', users: [USERS.marco.id], systemUsers: [], pixels: [] },
      { id: 'act_3', name: 'Marco personale', users: [USERS.marco.id], systemUsers: [], pixels: [] },
      { id: 'act_4', name: 'Northwind UK', business: '200002', users: [], systemUsers: ['300002'], pixels: ['500002'], clientBusinesses: ['200001'] },
    ],
    pages: [
      { id: '400001', name: 'Trattoria da Gino', business: '200001', users: [], systemUsers: ['300001'] },
      { id: '400002', name: 'Northwind Retail', business: '200002', users: [], systemUsers: [] },
    ],
    pixels: [
      { id: '500001', name: 'Pixel Gino', business: '200001' },
      { id: '500002', name: 'Northwind Pixel', business: '200002' },
    ],
    catalogs: [{ id: '600001', name: 'Catalogo Moda', business: '200001' }],
    campaigns: [
      { id: '700001', adAccount: 'act_1', name: 'Pranzo di lavoro', status: 'ACTIVE' },
      { id: '700002', adAccount: 'act_1', name: 'Cena romantica', status: 'PAUSED' },
      { id: '700003', adAccount: 'act_2', name: 'Saldi estivi', status: 'ACTIVE' },
    ],
    ...overrides,
  };
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export type Body = Record<string, unknown>;

export function proofFor(token: string, secret = APP.secret): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export class Emu {
  constructor(readonly url: string) {}

  async control<T = Body>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    const res = await fetch(`${this.url}/__control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  async mint(userId: string, scopes: string[] = ALL_SCOPES, kind: 'short' | 'long' = 'long', appId = APP.id): Promise<string> {
    const r = await this.control<{ access_token: string }>('POST', '/tokens', { appId, userId, kind, scopes });
    if (r.status !== 201) throw new Error(`mint failed: ${JSON.stringify(r.body)}`);
    return r.body.access_token;
  }

  async mintSystem(systemUserId: string, scopes: string[] = ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management']): Promise<string> {
    const r = await this.control<{ access_token: string }>('POST', '/tokens', { appId: APP.id, systemUserId, kind: 'system', scopes });
    return r.body.access_token;
  }

  /** A Graph GET with the token and its appsecret_proof in the query, as a server-side client sends it. */
  async get<T = Body>(path: string, token?: string, params: Record<string, string> = {}, proof = true): Promise<JsonResponse<T>> {
    const q = new URLSearchParams(params);
    if (token !== undefined) {
      q.set('access_token', token);
      if (proof) q.set('appsecret_proof', proofFor(token));
    }
    const qs = q.toString();
    return this.fetchJson<T>(`${this.url}${path}${qs ? (path.includes('?') ? '&' : '?') + qs : ''}`);
  }

  async post<T = Body>(path: string, form: Record<string, string>, token?: string): Promise<JsonResponse<T>> {
    const body = new URLSearchParams(form);
    if (token !== undefined) {
      body.set('access_token', token);
      body.set('appsecret_proof', proofFor(token));
    }
    return this.fetchJson<T>(`${this.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async fetchJson<T = Body>(url: string, init?: RequestInit): Promise<JsonResponse<T>> {
    const res = await fetch(url, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Logs in through the dialog form and returns the redirect the browser would follow. */
  async consent(form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return fetch(`${this.url}/dialog/oauth/consent`, { method: 'POST', body, redirect: 'manual' });
  }

  async loginCode(user: { email: string; password: string }, scopes: string[] = ALL_SCOPES, granted: string[] = scopes, state = 'xyz'): Promise<string> {
    const res = await this.consent({
      client_id: APP.id, redirect_uri: APP.redirect, state, scope: scopes.join(','), response_type: 'code',
      email: user.email, password: user.password, granted,
    });
    if (res.status !== 302) throw new Error(`consent answered ${res.status}`);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    if (!code) throw new Error('no code in redirect');
    return code;
  }

  async exchangeCode(code: string, redirectUri = APP.redirect): Promise<JsonResponse> {
    return this.get(`/${DEFAULT_GRAPH_VERSION}/oauth/access_token`, undefined, { client_id: APP.id, client_secret: APP.secret, redirect_uri: redirectUri, code });
  }

  async exchangeLong(token: string): Promise<JsonResponse> {
    return this.get('/oauth/access_token', undefined, { grant_type: 'fb_exchange_token', client_id: APP.id, client_secret: APP.secret, fb_exchange_token: token });
  }

  async debug(token: string): Promise<JsonResponse<{ data: Body }>> {
    return this.get('/debug_token', undefined, { input_token: token, access_token: `${APP.id}|${APP.secret}` });
  }

  async advance(seconds: number): Promise<void> {
    await this.control('POST', '/clock', { advanceSeconds: seconds });
  }
}

export function errorOf(r: JsonResponse): { code?: number; error_subcode?: number; message?: string; type?: string; fbtrace_id?: string } {
  return (r.body as { error?: Record<string, never> }).error ?? {};
}
