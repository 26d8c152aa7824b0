/**
 * Token checkout and error report-back for the platform's other services, against the emulator,
 * on both engines: who may check out, which token the broker hands over, the record of every
 * checkout, the throttle, and reports that go through our own verification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { appsecretProof } from '../../src/meta/appsecret-proof.ts';
import { APP_ID, APP_SECRET, startTestService, type TestService } from '../helpers/service.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

type Checkout = { checkoutId: string; accessToken: string; appsecretProof: string; profileId: string; metaUserId: string; tokenType: string; expiresAt: string | null; validForSeconds: number };

describe('token checkout and error report-back', () => {
  let s: TestService;
  let admin: Awaited<ReturnType<TestService['signIn']>>;
  let key: string;
  let proxyKey: string;
  let giulia: string;
  let system: string;
  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160', CHECKOUTS_PER_MINUTE: '100' } });
    admin = await s.signIn({ workspace: 'Launcher', role: 'admin', locale: 'it' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'ads_management', 'business_management'] })) as { access_token: string };
    expect((await s.request('/api/meta-users/system', { method: 'POST', cookie: admin.cookie, json: { accessToken: minted.access_token, name: 'Sync bot' } })).status).toBe(201);
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: admin.cookie })).json()) as { metaUsers: Array<{ id: string; metaId: string }> };
    giulia = metaUsers.find((m) => m.metaId === '10001')!.id;
    system = metaUsers.find((m) => m.metaId === '30001')!.id;
    key = (await createApiKey(s.database.db, { workspace: 'Launcher', name: 'launcher', scopes: ['tokens:checkout', 'read'] })).key;
    proxyKey = (await createApiKey(s.database.db, { workspace: 'Launcher', name: 'insights' })).key;
  });
  afterAll(() => s.close());

  const checkout = (json: unknown, bearer = key) => s.request('/api/tokens/checkout', { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, json });
  const report = (json: unknown, bearer = key) => s.request('/api/graph-errors', { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, json });
  const meAt = (token: string, proof: string) => fetch(`${s.emulatorUrl}/${DEFAULT_GRAPH_VERSION}/me?fields=id&access_token=${encodeURIComponent(token)}&appsecret_proof=${proof}`);
  const status = async (id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie: admin.cookie })).json()) as { metaUser: { status: string } }).metaUser.status;

  it('hands the broker’s choice (the System User) with its proof to a key with tokens:checkout, and records it', async () => {
    const response = await checkout({ adAccountId: 'act_40001', purpose: 'ads_read' });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as Checkout;
    expect(answer).toMatchObject({ profileId: system, metaUserId: '30001', tokenType: 'system_user', expiresAt: null, validForSeconds: 900 });
    expect(answer.appsecretProof).toBe(appsecretProof(answer.accessToken, APP_SECRET));
    expect((await meAt(answer.accessToken, answer.appsecretProof)).status).toBe(200);

    // By our id or Meta's, a profile's own token; bounded by its expiry.
    await s.advance(1);
    const own = (await (await checkout({ profileId: '10001', purpose: 'ads_management' })).json()) as Checkout;
    expect(own).toMatchObject({ profileId: giulia, metaUserId: '10001', tokenType: 'user' });
    expect(own.validForSeconds).toBe(900);

    const list = await s.request('/api/tokens/checkouts', { cookie: admin.cookie });
    const { checkouts } = (await list.json()) as { checkouts: Array<Record<string, unknown>> };
    expect(checkouts.slice(0, 2)).toEqual([
      expect.objectContaining({ id: own.checkoutId, apiKeyName: 'launcher', profileId: giulia, metaUserId: '10001', assetType: null, purpose: 'ads_management' }),
      expect.objectContaining({ id: answer.checkoutId, apiKeyName: 'launcher', profileId: system, assetType: 'ad_account', assetMetaId: 'act_40001', purpose: 'ads_read' }),
    ]);
    expect(JSON.stringify(checkouts)).not.toContain(answer.accessToken);
    const onlyGiulia = (await (await s.request(`/api/tokens/checkouts?profileId=${giulia}&limit=1`, { cookie: admin.cookie })).json()) as { checkouts: Array<{ id: string }>; nextCursor: string | null };
    expect(onlyGiulia.checkouts.map((c) => c.id)).toEqual([own.checkoutId]);
    expect(s.logLines.join('\n')).not.toContain(answer.accessToken);
  });

  it('never to a session, nor to a key without the scope; an asset the workspace does not have is not_found, a missing scope token_unavailable', async () => {
    const asSession = await s.request('/api/tokens/checkout', { method: 'POST', cookie: admin.cookie, json: { adAccountId: 'act_40001', purpose: 'ads_read' } });
    expect(asSession.status).toBe(403);
    expect(await asSession.json()).toMatchObject({ error: { code: 'scope_missing', scope: 'tokens:checkout' } });
    const withoutScope = await checkout({ adAccountId: 'act_40001', purpose: 'ads_read' }, proxyKey);
    expect(withoutScope.status).toBe(403);
    expect(await withoutScope.json()).toMatchObject({ error: { code: 'scope_missing', scope: 'tokens:checkout' } });

    // No asset of the workspace has the id, whatever its form: 404, as docs/api.md promises for any
    // id the workspace does not have (before: 409 token_unavailable/no_permission). 409 stays for
    // the workspace's own assets that no healthy token may use (below, and the expired case).
    for (const target of [{ adAccountId: 'act_99999' }, { adAccountId: '99999' }, { adAccountId: '00000000-0000-4000-8000-000000000000' }, { pageId: '69999' }, { pixelId: 'not-an-id' }]) {
      const unknown = await checkout({ ...target, purpose: 'ads_read' });
      expect(unknown.status, JSON.stringify(target)).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(await (await checkout({ profileId: system, purpose: 'catalog_management' })).json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'scope_declined' } });
    const two = await checkout({ adAccountId: 'act_40001', pageId: '60001', purpose: 'ads_read' });
    expect(two.status).toBe(400);
    expect(await two.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect((await checkout({ adAccountId: 'act_40001', purpose: 'steal_everything' })).status).toBe(400);
    // The admin list is for admins.
    const member = await s.signIn({ workspace: 'Launcher', role: 'member' });
    expect((await s.request('/api/tokens/checkouts', { cookie: member.cookie })).status).toBe(403);
  });

  it('a forged or stale 190 leaves a token Meta still accepts Active; bad reports are 4xx and change nothing', async () => {
    const answer = (await (await checkout({ profileId: giulia, purpose: 'ads_read' })).json()) as Checkout;
    const forged = { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'Aforged' } };
    const response = await report({ checkoutId: answer.checkoutId, status: 400, body: forged });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ category: 'token_expired', retry: false, delaysMs: [], verifyToken: true, outcome: 'valid' });
    expect(await status(giulia)).toBe('active');

    expect(await (await report({ checkoutId: answer.checkoutId, status: 400, body: { hello: 'world' } })).json()).toMatchObject({ error: { code: 'not_a_graph_error' } });
    expect((await report({ checkoutId: '00000000-0000-4000-8000-000000000000', status: 400, body: forged })).status).toBe(404);
    expect((await report({ status: 400, body: forged })).status).toBe(400);
    const other = await s.signIn({ workspace: 'Elsewhere', role: 'admin' });
    const otherKey = (await createApiKey(s.database.db, { workspace: 'Elsewhere', name: 'x', scopes: ['tokens:checkout'] })).key;
    expect(await (await report({ checkoutId: answer.checkoutId, status: 400, body: forged }, otherKey)).json()).toMatchObject({ error: { code: 'checkout_not_found' } });
    expect(other.workspaceId).not.toBe(admin.workspaceId);
    expect(await status(giulia)).toBe('active');
  });

  it('a throttled answer: our waits, the usage fed to our throttle, nothing checked', async () => {
    const answer = (await (await checkout({ adAccountId: 'act_40001', purpose: 'ads_management' })).json()) as Checkout;
    const usage = JSON.stringify({ '40001': [{ type: 'ads_management', call_count: 100, total_cputime: 30, total_time: 40, estimated_time_to_regain_access: 2 }] });
    const throttled = { error: { message: 'User request limit reached', type: 'OAuthException', code: 80004, error_subcode: 2446079, fbtrace_id: 'Athrottle' } };
    const response = await report({ checkoutId: answer.checkoutId, status: 400, headers: { 'X-Business-Use-Case-Usage': usage }, body: throttled.error });
    expect(await response.json()).toEqual({ category: 'rate_limited', retry: true, delaysMs: [120_000, 120_000, 120_000], verifyToken: false, outcome: 'not_checked' });
    const snapshot = s.application.graph.usageSnapshot();
    expect(JSON.stringify(snapshot)).toContain('40001');
  });

  it('a real 190 seen by another service: Expired, the Italian notification once for 50 concurrent reports, the caller’s fbtrace_id on the timeline, and the next checkout hands over', async () => {
    const answer = (await (await checkout({ profileId: giulia, purpose: 'ads_read' })).json()) as Checkout;
    await s.control('POST', '/__control/users/10001/change-password');
    const seen = await meAt(answer.accessToken, answer.appsecretProof);
    const body = (await seen.json()) as { error: { code: number; error_subcode: number; fbtrace_id: string } };
    expect(body.error).toMatchObject({ code: 190, error_subcode: 460 });
    const reports = await Promise.all(Array.from({ length: 50 }, () => report({ checkoutId: answer.checkoutId, status: seen.status, body: { ...body, error: { ...body.error, fbtrace_id: 'AcallerTrace460' } } })));
    const outcomes = await Promise.all(reports.map(async (r) => ((await r.json()) as { outcome: string }).outcome));
    expect(new Set(outcomes)).toEqual(new Set(['expired']));
    expect(await status(giulia)).toBe('expired');
    const { notifications } = (await (await s.request('/api/notifications', { cookie: admin.cookie })).json()) as { notifications: Array<{ type: string; message: string }> };
    expect(notifications.filter((n) => n.type === 'token_expired')).toEqual([expect.objectContaining({ message: 'Token Meta scaduto — Riconnetti il profilo Meta' })]);
    const { events } = (await (await s.request(`/api/meta-users/${giulia}/events`, { cookie: admin.cookie })).json()) as { events: Array<{ kind: string; fbtraceId: string | null; subcode: number | null }> };
    expect(events.filter((e) => e.kind === 'status_changed')).toEqual([expect.objectContaining({ fbtraceId: 'AcallerTrace460', subcode: 460 })]);
    // The account is still reached by the System User: the next checkout hands it over; Giulia's own is refused.
    expect(await (await checkout({ adAccountId: 'act_40001', purpose: 'ads_read' })).json()).toMatchObject({ profileId: system });
    expect(await (await checkout({ profileId: giulia, purpose: 'ads_read' })).json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'token_expired' } });
    // A report about a token Giulia no longer holds (she reconnected) is stale: nothing is checked.
    await s.control('POST', '/__control/users/10001/change-password', { password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${giulia}/reconnect`, startMethod: 'POST' });
    expect(await (await report({ checkoutId: answer.checkoutId, status: seen.status, body })).json()).toMatchObject({ outcome: 'not_checked', stale: true });
    expect(await status(giulia)).toBe('active');
  });

  it('past the per-key throttle: 429 with Retry-After', async () => {
    const busy = (await createApiKey(s.database.db, { workspace: 'Launcher', name: 'busy', scopes: ['tokens:checkout'] })).key;
    const answers = [];
    for (let i = 0; i < 101; i++) answers.push(await checkout({ profileId: system, purpose: 'ads_read' }, busy));
    expect(answers.slice(0, 100).every((r) => r.status === 200)).toBe(true);
    const refused = answers[100]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
