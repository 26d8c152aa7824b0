/**
 * Meta's API versions, watched: the configured version's end is known ahead (90/30/7 days, told
 * once each), an answer served as another version is noticed from Meta's `facebook-api-version`
 * header, and an Ads call refused with 2635 is a platform problem: never retried, never a token
 * problem, operators told once, the failed action says so in the member's words. Both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApiVersionWatch, versionEnd } from '../../src/meta-app/api-version.ts';
import { memoryLogger } from '../helpers/app.ts';
import { classifyGraphFailure } from '../../src/meta/classify.ts';
import { API_VERSIONS, DEFAULT_GRAPH_VERSION, endOf, newestVersion } from '../../src/meta-facts/api-versions.ts';
import { USERS, testWorld } from '../emulator/helpers.ts';
import { createHarness, type Harness } from '../assets/harness.ts';
import { startReceiver } from '../operators/receiver.ts';
import { startSmtpSink } from '../alerts/smtp.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';

const ADS_REFUSED = { error: { message: '(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v25.0.', type: 'OAuthException', code: 2635, fbtrace_id: 'AbCdEf' } };

describe('the table of Meta API versions', () => {
  it('knows each version’s end as the earlier of the Graph and Marketing APIs’ dates, the default is served by both', () => {
    expect(endOf('v24.0')).toEqual({ endsAt: new Date('2026-11-11T00:00:00.000Z'), api: 'marketing' });
    expect(endOf('v25.0')).toEqual({ endsAt: new Date('2027-02-24T00:00:00.000Z'), api: 'marketing' });
    expect(endOf('v99.0')).toBeNull();
    const facts = API_VERSIONS.find((v) => v.version === DEFAULT_GRAPH_VERSION)!;
    expect(facts.graph && facts.marketing).toBe(true);
    expect(newestVersion('marketing')).toBe('v27.0');
    expect(versionEnd('v25.0', Date.parse('2026-12-06T12:00:00Z'))).toEqual({ endsAt: '2027-02-24T00:00:00.000Z', daysLeft: 80, endingApi: 'marketing' });
  });

  it('classifies 2635 as its own category: never retried, never a token check', () => {
    expect(classifyGraphFailure({ status: 400, body: ADS_REFUSED })).toMatchObject({ category: 'api_version_refused', retry: false, verifyToken: false, delaysMs: [] });
  });
});

describe('Meta API version watched', () => {
  let s: TestService;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  afterEach(async () => {
    await s?.close();
    await receiver?.close();
    await smtp?.close();
  });

  async function setUp(options: { graphVersion?: string; now?: string } = {}) {
    receiver = await startReceiver([200]);
    smtp = await startSmtpSink();
    s = await startTestService({ graphVersion: options.graphVersion, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', SMTP_URL: smtp.url, OPERATOR_EMAILS: 'ops@example.test', SESSION_TTL_HOURS: '2160' } });
    if (options.now) {
      s.clock.set(Date.parse(options.now));
      await s.control('POST', '/__control/clock', { now: options.now });
    }
    const admin = await s.signIn({ workspace: 'Versions', role: 'admin', locale: 'it' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const hook = await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: receiver.url, events: ['app.api_version', 'token.expired', 'token.inactive'] } });
    expect(hook.status).toBe(201);
    const { webhook } = (await hook.json()) as { webhook: { id: string } };
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: admin.cookie })).json()) as { metaUsers: Array<{ id: string; status: string }> };
    return { admin, webhookId: webhook.id, giulia: metaUsers[0]!.id };
  }
  const meta = async (cookie: string) => ((await (await s.request('/api/meta-app', { cookie })).json()) as { metaApp: { apiVersion: Record<string, unknown> } }).metaApp.apiVersion;
  const deliveries = async (cookie: string, webhookId: string) => ((await (await s.request(`/api/webhooks/${webhookId}/deliveries`, { cookie })).json()) as { deliveries: Array<{ event: string }> }).deliveries;
  const alerts = async () => (await s.database.executeSql(`select data from pgboss.job where name = 'operator-alert' order by created_on`)).rows.map((row) => (row as { data: Record<string, unknown> }).data);
  const proxy = (cookie: string, profileId: string, path: string) => s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId, path } });
  const gauge = async (name: string) => (await s.application.registry.metrics()).split('\n').find((l) => l.startsWith(`${name}{`));

  it('90, 30 and 7 days before the end: one notice each (email, webhook, banner data), whoever runs the minute job', async () => {
    const p = await setUp({ graphVersion: 'v25.0', now: '2026-11-01T00:00:00.000Z' });
    // 115 days before 24 February 2027: nothing to say yet.
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'idle', rechecked: 0 });
    expect(await meta(p.admin.cookie)).toEqual({ configured: 'v25.0', servedAs: null, endsAt: '2027-02-24T00:00:00.000Z', daysLeft: 115, endingApi: 'marketing', adsRefused: null });
    await s.advance(30 * 86_400);
    expect(await s.queue.runNow('meta-app-check', {})).toMatchObject({ versionNotices: [90] });
    // Run again, and another process's watch on the same database: nothing is told twice.
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'idle', rechecked: 0 });
    const told: unknown[] = [];
    const other = createApiVersionWatch({ db: s.database.db, clock: s.clock, logger: memoryLogger().logger, appId: APP_ID, configured: 'v25.0', onNotice: async (notice) => void told.push(notice) });
    expect(await other.thresholds()).toEqual([]);
    expect(told).toEqual([]);
    await s.advance(60 * 86_400);
    expect(await s.queue.runNow('meta-app-check', {})).toMatchObject({ versionNotices: [30] });
    await s.advance(21 * 86_400);
    expect(await s.queue.runNow('meta-app-check', {})).toMatchObject({ versionNotices: [7] });
    // (111 days on: the first session has expired.)
    const admin = await s.signIn({ workspace: 'Versions', role: 'admin' });
    expect((await meta(admin.cookie)).daysLeft).toBe(4);
    expect(await gauge('wevion_meta_api_version_days_left')).toBe('wevion_meta_api_version_days_left{version="v25.0"} 4');
    expect((await alerts()).map((a) => [a.kind, a.thresholdDays])).toEqual([['ending', 90], ['ending', 30], ['ending', 7]]);
    expect((await deliveries(admin.cookie, p.webhookId)).map((d) => d.event)).toEqual(['app.api_version', 'app.api_version', 'app.api_version']);
    const job = (await alerts()).at(-1)!;
    await s.queue.runNow('operator-alert', job);
    expect(smtp.received.map((mail) => mail.subject)).toEqual(['Wevion: Meta API v25.0 ends in 4 days']);
    expect(smtp.received[0]!.text).toContain('Meta stops serving v25.0 for the Marketing (Ads) API on 2027-02-24');
  });

  it('a version with no announced end: no notice, no days left', async () => {
    const p = await setUp();
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'idle', rechecked: 0 });
    expect(await meta(p.admin.cookie)).toMatchObject({ configured: DEFAULT_GRAPH_VERSION, endsAt: null, daysLeft: null, servedAs: null });
    expect(await gauge('wevion_meta_api_version_days_left')).toBeUndefined();
  });

  it('Meta serving another version than the configured one is noticed from its header and told once', async () => {
    const p = await setUp();
    // The configured version has ended: Meta serves the oldest it still has.
    const retired = API_VERSIONS.filter((v) => v.graph && v.version <= DEFAULT_GRAPH_VERSION && v.version !== 'v25.0').map((v) => v.version);
    await s.control('POST', '/__control/versions', { retired });
    expect((await proxy(p.admin.cookie, p.giulia, '/me')).status).toBe(200);
    expect((await proxy(p.admin.cookie, p.giulia, '/me/adaccounts')).status).toBe(200);
    await s.application.apiVersions.settled();
    expect(await meta(p.admin.cookie)).toMatchObject({ configured: DEFAULT_GRAPH_VERSION, servedAs: 'v25.0' });
    expect((await alerts()).map((a) => [a.kind, a.servedAs])).toEqual([['served_as', 'v25.0']]);
    expect((await deliveries(p.admin.cookie, p.webhookId)).map((d) => d.event)).toEqual(['app.api_version']);
    const stored = await s.database.db.selectFrom('webhook_deliveries').select('body').where('event', '=', 'app.api_version').executeTakeFirstOrThrow();
    const body = JSON.parse(stored.body) as { data?: { notice?: { kind: string }; apiVersion?: { servedAs: string } } };
    expect(body.data).toMatchObject({ notice: { kind: 'served_as' }, apiVersion: { servedAs: 'v25.0' } });
    expect(await gauge('wevion_meta_api_version_served_as_other')).toBe(`wevion_meta_api_version_served_as_other{version="${DEFAULT_GRAPH_VERSION}"} 1`);
  });

  it('Meta refusing Ads calls on the version (2635): no retry, no token check, no status change or notification; operators told once', async () => {
    const p = await setUp();
    await s.control('POST', '/__control/versions', { adsRetired: [DEFAULT_GRAPH_VERSION] });
    const callsBefore = ((await s.control('GET', '/__control/calls')) as { calls: unknown[] }).calls.length;
    const first = await proxy(p.admin.cookie, p.giulia, '/act_40001/insights');
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({ error: { code: 'graph_error', category: 'api_version_refused', graphCode: 2635 } });
    expect((await proxy(p.admin.cookie, p.giulia, '/act_40001/campaigns')).status).toBe(502);
    await s.application.apiVersions.settled();
    const calls = ((await s.control('GET', '/__control/calls')) as { calls: Array<{ path: string }> }).calls.slice(callsBefore);
    // One call each: no retry, no GET /me, no debug_token.
    expect(calls.map((c) => c.path)).toEqual(['/act_40001/insights', '/act_40001/campaigns']);
    const profile = ((await (await s.request(`/api/meta-users/${p.giulia}`, { cookie: p.admin.cookie })).json()) as { metaUser: { status: string } }).metaUser;
    expect(profile.status).toBe('active');
    expect(((await (await s.request('/api/notifications', { cookie: p.admin.cookie })).json()) as { notifications: unknown[] }).notifications).toEqual([]);
    expect(await meta(p.admin.cookie)).toMatchObject({ adsRefused: { message: ADS_REFUSED.error.message.replace('v25.0', newestVersion('marketing')) } });
    expect((await alerts()).map((a) => [a.kind, a.newest])).toEqual([['ads_refused', newestVersion('marketing')]]);
    expect((await deliveries(p.admin.cookie, p.webhookId)).map((d) => d.event)).toEqual(['app.api_version']);
    expect(await gauge('wevion_meta_api_version_ads_refused')).toBe(`wevion_meta_api_version_ads_refused{version="${DEFAULT_GRAPH_VERSION}"} 1`);
    await s.queue.runNow('operator-alert', (await alerts())[0]!);
    expect(smtp.received[0]!.subject).toBe(`Wevion: Meta refuses Ads API calls on ${DEFAULT_GRAPH_VERSION} (latest: ${newestVersion('marketing')})`);
  });
});

describe('a campaign action refused for the API version', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('answers 502 meta_version_refused, says so in words, and leaves the token alone', async () => {
    h = await createHarness({ world: testWorld() });
    const giulia = await h.connect({ userId: USERS.giulia.id });
    await h.runJob('permission-sync');
    await h.runJob('insights-sync');
    const { adAccounts } = (await (await h.testApp.request('/api/ad-accounts', { cookie: h.admin.cookie })).json()) as { adAccounts: Array<{ id: string; metaId: string }> };
    const act1 = adAccounts.find((a) => a.metaId === 'act_1')!;
    const { campaigns } = (await (await h.testApp.request(`/api/ad-accounts/${act1.id}/campaigns`, { cookie: h.admin.cookie })).json()) as { campaigns: Array<{ id: string }> };
    await h.emu.control('POST', '/versions', { adsRetired: [DEFAULT_GRAPH_VERSION] });
    const response = await h.testApp.request(`/api/ad-accounts/${act1.id}/campaigns/${campaigns[0]!.id}/status`, { method: 'POST', json: { status: 'PAUSED' }, cookie: h.admin.cookie });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'meta_version_refused', category: 'api_version_refused', graphCode: 2635 } });
    const row = await h.database.db.selectFrom('meta_users').select('status').where('id', '=', giulia.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
