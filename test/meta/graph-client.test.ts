import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { APP_ID, APP_SECRET, proof, TOKEN, useClientFixture } from './client-fixture.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

const f = useClientFixture();

describe('requests', () => {
  it('GETs a versioned path with the token and its appsecret_proof', async () => {
    f.server.reply({ json: { id: '42', name: 'Ada' } });
    await expect(f.client.me(TOKEN, ['id', 'name', 'email'])).resolves.toEqual({ id: '42', name: 'Ada' });
    const [r] = f.server.received;
    expect(r?.method).toBe('GET');
    expect(r?.path).toBe(`/${DEFAULT_GRAPH_VERSION}/me`);
    expect(r?.query.get('access_token')).toBe(TOKEN);
    expect(r?.query.get('appsecret_proof')).toBe(proof(TOKEN));
    expect(r?.query.get('fields')).toBe('id,name,email');
    // the leak check in afterEach is only meaningful if calls are logged at all
    expect(f.logLines.join('')).toContain(`"path":"/${DEFAULT_GRAPH_VERSION}/me"`);
  });

  it('signs each token with its own proof when tokens alternate', async () => {
    const other = 'EAAG-another-token-9876543210-zyxwvuZYXWVU';
    f.server.reply({ json: { id: '1' } });
    for (const t of [TOKEN, other, other, TOKEN]) await f.client.me(t);
    expect(f.server.received.map((r) => r.query.get('appsecret_proof'))).toEqual([proof(TOKEN), proof(other), proof(other), proof(TOKEN)]);
  });

  it('POSTs form-encoded params, token and proof in the body', async () => {
    f.server.reply({ json: { success: true } });
    await expect(f.client.setCampaignStatus(TOKEN, '238', 'PAUSED')).resolves.toEqual({ success: true });
    const [r] = f.server.received;
    expect(r?.method).toBe('POST');
    expect(r?.path).toBe(`/${DEFAULT_GRAPH_VERSION}/238`);
    expect(r?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r?.form.get('status')).toBe('PAUSED');
    expect(r?.form.get('appsecret_proof')).toBe(proof(TOKEN));
    expect([...r!.query.keys()]).toEqual([]);
  });

  it('debug_token uses the app token and no proof', async () => {
    f.server.reply({ json: { data: { is_valid: true, expires_at: 0, scopes: ['ads_read'], user_id: '7' } } });
    await expect(f.client.debugToken(TOKEN)).resolves.toMatchObject({ is_valid: true, expires_at: 0, user_id: '7' });
    const [r] = f.server.received;
    expect(r?.path).toBe(`/${DEFAULT_GRAPH_VERSION}/debug_token`);
    expect(r?.query.get('access_token')).toBe(`${APP_ID}|${APP_SECRET}`);
    expect(r?.query.get('input_token')).toBe(TOKEN);
    expect(r?.query.has('appsecret_proof')).toBe(false);
  });

  it('exchanges codes and tokens on /oauth/access_token without a proof', async () => {
    f.server.reply({ json: { access_token: 'EAAG-long-lived-token-000000000000000', token_type: 'bearer', expires_in: 5183944 } });
    await expect(f.client.exchangeLongLived(TOKEN)).resolves.toEqual({ accessToken: 'EAAG-long-lived-token-000000000000000', expiresIn: 5183944 });
    f.server.reply({ json: { access_token: 'EAAG-short-token-00000000000000000000', token_type: 'bearer' } });
    await expect(f.client.exchangeCode('the-code', 'http://localhost/cb')).resolves.toEqual({ accessToken: 'EAAG-short-token-00000000000000000000' });
    const [a, b] = f.server.received;
    expect(a?.path).toBe(`/${DEFAULT_GRAPH_VERSION}/oauth/access_token`);
    expect(Object.fromEntries(a!.query)).toEqual({ grant_type: 'fb_exchange_token', client_id: APP_ID, client_secret: APP_SECRET, fb_exchange_token: TOKEN });
    expect(Object.fromEntries(b!.query)).toEqual({ client_id: APP_ID, client_secret: APP_SECRET, redirect_uri: 'http://localhost/cb', code: 'the-code' });
  });

  it('sends the typed helpers to the right edges with only the needed fields', async () => {
    f.server.handle(() => ({ json: { data: [{ id: '1' }] } }));
    await f.client.permissions(TOKEN);
    await f.client.businesses(TOKEN);
    await f.client.adAccounts(TOKEN);
    await f.client.pages(TOKEN);
    await f.client.businessOwnedAdAccounts(TOKEN, 'bm1');
    await f.client.businessClientAdAccounts(TOKEN, 'bm1');
    await f.client.businessOwnedPages(TOKEN, 'bm1');
    await f.client.businessOwnedPixels(TOKEN, 'bm1');
    await f.client.businessCatalogs(TOKEN, 'bm1');
    await f.client.adAccountPixels(TOKEN, '99');
    await f.client.campaigns(TOKEN, 'act_99');
    await expect(f.client.insights(TOKEN, '99', { since: '2026-01-01', until: '2026-01-07' })).resolves.toEqual([{ id: '1' }]);
    expect(f.server.received.map((r) => `${r.path}?fields=${r.query.get('fields')}&limit=${r.query.get('limit')}`)).toEqual([
      `/${DEFAULT_GRAPH_VERSION}/me/permissions?fields=permission,status&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/me/businesses?fields=id,name&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/me/adaccounts?fields=id,account_id,name,account_status,currency&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/me/accounts?fields=id,name,category,tasks&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/bm1/owned_ad_accounts?fields=id,account_id,name,account_status,currency&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/bm1/client_ad_accounts?fields=id,account_id,name,account_status,currency&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/bm1/owned_pages?fields=id,name,category&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/bm1/owned_pixels?fields=id,name&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/bm1/owned_product_catalogs?fields=id,name&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/act_99/adspixels?fields=id,name&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/act_99/campaigns?fields=id,name,status,effective_status&limit=500`,
      `/${DEFAULT_GRAPH_VERSION}/act_99/insights?fields=spend,impressions,clicks&limit=500`,
    ]);
    const insights = f.server.received.at(-1)!.query;
    expect(insights.get('level')).toBe('account');
    expect(insights.get('time_increment')).toBe('1');
    expect(JSON.parse(insights.get('time_range')!)).toEqual({ since: '2026-01-01', until: '2026-01-07' });
    expect(f.server.received.every((r) => r.query.get('appsecret_proof') === proof(TOKEN))).toBe(true);
  });
});

describe('paging', () => {
  it('follows paging.next until absent, never stopping on a short page, only to the configured host', async () => {
    f.server.handle((r) => {
      const after = r.query.get('after');
      if (!after) return { json: { data: [{ id: 'a' }, { id: 'b' }], paging: { cursors: { after: 'c1' }, next: `${f.server.url}/${DEFAULT_GRAPH_VERSION}/me/adaccounts?access_token=${TOKEN}&limit=2&after=c1` } } };
      // a short page in the middle, and a `next` naming another host: must still come to us
      if (after === 'c1') return { json: { data: [{ id: 'c' }], paging: { next: `https://graph.example.invalid/${DEFAULT_GRAPH_VERSION}/me/adaccounts?access_token=${TOKEN}&limit=2&after=c2` } } };
      return { json: { data: [{ id: 'd' }], paging: { cursors: { before: 'x' } } } };
    });
    const ids: string[] = [];
    for await (const item of f.client.paginate<{ id: string }>('/me/adaccounts', { accessToken: TOKEN, pageSize: 2 })) ids.push(item.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(f.server.received).toHaveLength(3);
    expect(f.server.received.map((r) => r.query.get('after'))).toEqual([null, 'c1', 'c2']);
    expect(f.server.received[0]?.query.get('limit')).toBe('2');
    expect(f.server.received.every((r) => r.query.get('appsecret_proof') === proof(TOKEN) && r.query.getAll('access_token').length === 1)).toBe(true);
  });

  it('stops when Meta repeats the same next URL', async () => {
    f.server.handle(() => ({ json: { data: [{ id: 'x' }], paging: { next: `${f.server.url}/${DEFAULT_GRAPH_VERSION}/me/accounts?after=same` } } }));
    const items = await f.client.pages(TOKEN);
    expect(items).toHaveLength(2);
    expect(f.server.received).toHaveLength(2);
  });
});

describe('usage-aware throttling', () => {
  it('spaces calls above 75 % and holds at 95 % until the regain estimate, per object', async () => {
    const buc = (pct: number, minutes: number) =>
      JSON.stringify({ '777': [{ type: 'ads_insights', call_count: pct, total_cputime: 5, total_time: 5, estimated_time_to_regain_access: minutes }] });
    f.server.reply({ json: { data: [] }, headers: { 'x-app-usage': '{"call_count":80,"total_cputime":10,"total_time":10}' } });
    await f.client.get('/me', { accessToken: TOKEN }); // learns 80 %
    await f.client.get('/me', { accessToken: TOKEN }); // first spaced call takes the free slot
    await f.client.get('/me', { accessToken: TOKEN });
    await f.client.get('/me', { accessToken: TOKEN });
    // 80 %: spacing 500 + (80-75)/20 · 4500 = 1625 ms between calls
    expect(f.clock.sleeps).toEqual([1625, 1625]);

    f.clock.sleeps.length = 0;
    const fresh = f.makeClient({ registry: new Registry() });
    f.server.reply({ json: { data: [] }, headers: { 'x-business-use-case-usage': buc(97, 3) } });
    await fresh.get('/act_777/insights', { accessToken: TOKEN });
    await fresh.get('/act_777/insights', { accessToken: TOKEN });
    expect(f.clock.sleeps).toEqual([180_000]);
    await fresh.get('/me/businesses', { accessToken: TOKEN });
    await fresh.get('/act_1/campaigns', { accessToken: TOKEN, usageObjectId: '1' });
    expect(f.clock.sleeps).toEqual([180_000]);

    const snap = fresh.usageSnapshot();
    expect(snap.businesses['777']?.[0]).toMatchObject({ type: 'ads_insights', callCount: 97, estimatedTimeToRegainAccessMinutes: 3 });
    expect(snap.app).toBeUndefined();
  });

  it('tolerates malformed usage headers', async () => {
    f.server.reply({ json: { id: '1' }, headers: { 'x-app-usage': '{oops', 'x-business-use-case-usage': '[1,2', 'x-ad-account-usage': 'NaN' } });
    await expect(f.client.me(TOKEN)).resolves.toEqual({ id: '1' });
    expect(f.client.usageSnapshot()).toEqual({ businesses: {}, adAccounts: {} });
  });

  it('exposes usage, calls and retry waits in the registry', async () => {
    f.server.reply(
      { status: 503, text: '' },
      {
        json: { data: [] },
        headers: {
          'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":4}',
          'x-ad-account-usage': '{"acc_id_util_pct":9.5,"reset_time_duration":60}',
          'x-business-use-case-usage': JSON.stringify({ '88': [{ type: 'ads_management', call_count: 40, total_cputime: 1, total_time: 2, estimated_time_to_regain_access: 0 }] }),
        },
      },
    );
    await f.client.get('/act_88/campaigns', { accessToken: TOKEN });
    const text = await f.registry.metrics();
    expect(text).toContain('wevion_graph_calls_total{method="GET",category="server_error"} 1');
    expect(text).toContain('wevion_graph_calls_total{method="GET",category="ok"} 1');
    expect(text).toContain('wevion_graph_retry_wait_seconds_total{category="server_error"} 1');
    expect(text).toContain(`wevion_graph_usage_percent{scope="app",object="${APP_ID}",use_case="",metric="call_count"} 12`);
    expect(text).toContain('wevion_graph_usage_percent{scope="business",object="88",use_case="ads_management",metric="call_count"} 40');
    expect(text).toContain('wevion_graph_usage_percent{scope="ad_account",object="88",metric="acc_id_util_pct",use_case=""} 9.5');
    expect(text).not.toContain(TOKEN);
  });
});
