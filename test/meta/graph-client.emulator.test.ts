/**
 * The Graph client against the Meta emulator (src/emulator), over HTTP only: the same client
 * code the service runs, a world we control, faults injected through the control API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { createGraphClient, type GraphClient } from '../../src/meta/graph-client.ts';
import { GraphError } from '../../src/meta/graph-error.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

const APP = { id: '910000000000001', secret: 'graph-client-test-secret' };
const USER = { id: '110001', name: 'Giulia Rossi', email: 'giulia@example.it', password: 'meta-demo' };
const SCOPES = ['email', 'ads_management', 'ads_read', 'business_management', 'pages_show_list', 'catalog_management', 'read_insights'];

function world(): World {
  const accounts = Array.from({ length: 60 }, (_, i) => ({
    id: `act_${i + 1}`,
    name: `Account ${i + 1}`,
    business: '210001',
    users: [USER.id],
    systemUsers: [],
    pixels: i === 0 ? ['510001'] : [],
  }));
  return {
    apps: [{ id: APP.id, secret: APP.secret, name: 'Wevion Client Test', redirectUris: ['http://localhost/cb'], requireAppsecretProof: true }],
    users: [USER],
    businesses: [{ id: '210001', name: 'Agenzia Aurora', admins: [USER.id], systemUsers: [] }],
    adAccounts: accounts,
    pages: [{ id: '410001', name: 'Trattoria da Gino', business: '210001', users: [USER.id], systemUsers: [] }],
    pixels: [{ id: '510001', name: 'Pixel Gino', business: '210001' }],
    catalogs: [{ id: '610001', name: 'Catalogo', business: '210001' }],
    campaigns: [
      { id: '710001', adAccount: 'act_1', name: 'Pranzo', status: 'ACTIVE' },
      { id: '710002', adAccount: 'act_1', name: 'Cena', status: 'PAUSED' },
    ],
  };
}

let emulator: RunningEmulator;
let clock: ManualClock;
let client: GraphClient;

async function control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function mint(kind: 'short' | 'long' = 'long'): Promise<string> {
  const r = await control('POST', '/tokens', { appId: APP.id, userId: USER.id, kind, scopes: SCOPES });
  return r['access_token'] as string;
}

async function graphCalls(): Promise<Array<{ path: string; status: number }>> {
  return ((await control('GET', '/calls')) as { calls: Array<{ path: string; status: number }> }).calls;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, world: world() });
});
afterAll(() => emulator.close());

beforeEach(async () => {
  await control('PUT', '/world', world());
  await control('DELETE', '/faults');
  clock = new ManualClock();
  client = createGraphClient({ graphUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock, random: () => 1 });
  return () => client.close();
});

describe('Graph client against the emulator', () => {
  it('reads the profile, permissions and debug_token; exchanges for a long-lived token', async () => {
    const short = await mint('short');
    const long = await client.exchangeLongLived(short);
    expect(long.accessToken).toBeTruthy();
    expect(long.expiresIn).toBeGreaterThan(50 * 86400);
    await expect(client.me(long.accessToken, ['id', 'name'])).resolves.toMatchObject({ id: USER.id, name: USER.name });
    const perms = await client.permissions(long.accessToken);
    expect(perms).toContainEqual({ permission: 'ads_management', status: 'granted' });
    const info = await client.debugToken(long.accessToken);
    expect(info).toMatchObject({ is_valid: true, user_id: USER.id });
  });

  it('follows paging.next across pages and collects every ad account', async () => {
    const token = await mint();
    const ids: string[] = [];
    for await (const a of client.paginate<{ id: string }>('/me/adaccounts', { accessToken: token, pageSize: 25, params: { fields: 'id' } })) ids.push(a.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect((await graphCalls()).filter((c) => c.path.endsWith('/me/adaccounts'))).toHaveLength(3);
    expect(await client.adAccounts(token)).toHaveLength(60);
  });

  it('runs the discovery helpers and a status update', async () => {
    const token = await mint();
    expect((await client.businesses(token)).map((b) => b.id)).toEqual(['210001']);
    expect(await client.businessOwnedAdAccounts(token, '210001')).toHaveLength(60);
    expect((await client.businessOwnedPages(token, '210001')).map((p) => p.id)).toEqual(['410001']);
    expect((await client.businessOwnedPixels(token, '210001')).map((p) => p.id)).toEqual(['510001']);
    expect((await client.businessCatalogs(token, '210001')).map((c) => c.id)).toEqual(['610001']);
    expect((await client.adAccountPixels(token, 'act_1')).map((p) => p.id)).toEqual(['510001']);
    expect((await client.pages(token)).map((p) => p.id)).toEqual(['410001']);
    await expect(client.setCampaignStatus(token, '710001', 'PAUSED')).resolves.toEqual({ success: true });
    const campaigns = await client.campaigns(token, '1');
    expect(campaigns.find((c) => c.id === '710001')?.status).toBe('PAUSED');
    expect(Array.isArray(await client.insights(token, 'act_1', { since: '2026-01-01', until: '2026-01-03' }))).toBe(true);
  });

  it('throws token_expired (no retry) after the user changes password', async () => {
    const token = await mint();
    await client.me(token);
    await control('POST', `/users/${USER.id}/change-password`, {});
    const before = (await graphCalls()).length;
    const err = await client.me(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    const g = err as GraphError;
    expect(g.classification).toMatchObject({ category: 'token_expired', verifyToken: true, retry: false });
    expect(g.graphCode).toBe(190);
    expect(g.subcode).toBe(460);
    expect(g.fbtraceId).toBeTruthy();
    expect(g.message).not.toContain(token);
    expect((await graphCalls()).length - before).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries injected 503 HTML pages and a dropped connection, then succeeds', async () => {
    const token = await mint();
    await control('POST', '/faults', { match: { path: '/me$' }, respond: { status: 503, body: '<html><body>Service Unavailable</body></html>' }, times: 2 });
    await control('POST', '/faults', { match: { path: '/me$' }, drop: true, times: 1 });
    await expect(client.me(token)).resolves.toMatchObject({ id: USER.id });
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it("waits the article's rate-limit waits on an injected throttling error, then gives up", async () => {
    const token = await mint();
    await control('POST', '/faults', {
      match: { path: '/act_1/campaigns' },
      respond: { status: 400, body: { error: { message: '(#80004) too many calls', type: 'OAuthException', code: 80004, error_subcode: 2446079, is_transient: true, fbtrace_id: 'x' } } },
    });
    const err = (await client.campaigns(token, 'act_1').catch((e: unknown) => e)) as GraphError;
    expect(err.classification.category).toBe('rate_limited');
    expect(clock.sleeps).toEqual([5000, 15000, 45000]);
  });
});
