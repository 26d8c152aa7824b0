/**
 * The whole loop with Meta's own Node SDK (facebook-nodejs-business-sdk), as another service of
 * the platform would run it: check out a token for an ad account, read campaigns and insights
 * with the SDK (token and appsecret_proof), the person changes their Meta password, the SDK's
 * next call throws FacebookRequestError, the service reports it back: the profile is Expired, its
 * owner has the Italian notification, and the next checkout for the account answers 409, or hands
 * over to a System User once one reaches the account. The SDK talks to the emulator: its Graph
 * base URL is the one thing changed.
 */
import sdk, { type FacebookRequestError } from 'facebook-nodejs-business-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';

const { FacebookAdsApi, AdAccount } = sdk;

type Checkout = { checkoutId: string; accessToken: string; appsecretProof: string; profileId: string; tokenType: string };

describe("Meta's Node SDK with a checked-out token", () => {
  let s: TestService;
  let key: string;
  beforeAll(async () => {
    s = await startTestService();
    const url = s.emulatorUrl;
    Object.defineProperty(FacebookAdsApi, 'GRAPH', { get: () => url, configurable: true });
  });
  afterAll(() => s.close());

  const api = (path: string, json: unknown) => s.request(path, { method: 'POST', headers: { authorization: `Bearer ${key}` }, json });

  it('reads campaigns and insights, reports the 190 it meets, and the next checkout follows the token health', async () => {
    const owner = await s.signIn({ workspace: 'Insights team', role: 'admin', locale: 'it' });
    key = (await createApiKey(s.database.db, { workspace: 'Insights team', name: 'insights-pipeline', scopes: ['tokens:checkout', 'read'] })).key;
    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    expect((await s.queue.runNow('permission-sync', {})) as { tokens: number }).toMatchObject({ tokens: 1 });

    const checkedOut = (await (await api('/api/tokens/checkout', { adAccountId: 'act_40001', purpose: 'ads_read' })).json()) as Checkout;
    expect(checkedOut.tokenType).toBe('user');
    FacebookAdsApi.init(checkedOut.accessToken, 'en_US', false);
    const account = new AdAccount('act_40001');
    const campaigns = await account.getCampaigns(['id', 'name', 'status'], { appsecret_proof: checkedOut.appsecretProof });
    expect(campaigns.map((c) => (c as { _data?: Record<string, unknown> })._data ?? c)).toEqual([expect.objectContaining({ id: '80001', name: 'Saldi invernali' })]);
    const today = new Date(s.clock.now()).toISOString().slice(0, 10);
    const insights = await account.getInsights(['spend', 'impressions'], { appsecret_proof: checkedOut.appsecretProof, level: 'account', time_range: { since: today, until: today } });
    expect(insights.length).toBeGreaterThan(0);

    // Giulia changes her Meta password: the SDK's next call fails as Meta answers.
    await s.control('POST', '/__control/users/10001/change-password');
    let failure: FacebookRequestError | undefined;
    try {
      await account.getCampaigns(['id'], { appsecret_proof: checkedOut.appsecretProof });
    } catch (error) {
      failure = error as FacebookRequestError;
    }
    expect(failure?.name).toBe('FacebookRequestError');
    expect(failure!.response).toMatchObject({ code: 190, error_subcode: 460 });

    // The service reports what the SDK caught, as it caught it.
    const reported = await api('/api/graph-errors', { checkoutId: checkedOut.checkoutId, status: failure!.status, headers: failure!.headers, body: failure!.response });
    expect(await reported.json()).toEqual({ category: 'token_expired', retry: false, delaysMs: [], verifyToken: true, outcome: 'expired' });
    const profile = ((await (await s.request(`/api/meta-users/${checkedOut.profileId}`, { cookie: owner.cookie })).json()) as { metaUser: { status: string; lastError: { subcode: number } } }).metaUser;
    expect(profile).toMatchObject({ status: 'expired', lastError: { subcode: 460 } });
    const { notifications } = (await (await s.request('/api/notifications', { cookie: owner.cookie })).json()) as { notifications: Array<{ message: string }> };
    expect(notifications.map((n) => n.message)).toEqual(['Token Meta scaduto — Riconnetti il profilo Meta']);

    // Nobody healthy reaches the account now: 409, with the reason a person can act on.
    const blocked = await api('/api/tokens/checkout', { adAccountId: 'act_40001', purpose: 'ads_read' });
    expect(blocked.status).toBe(409);
    expect(await blocked.json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'token_expired' } });

    // An admin adds the Business Manager's System User: the next checkout hands over to it.
    const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'ads_management', 'business_management'] })) as { access_token: string };
    expect((await s.request('/api/meta-users/system', { method: 'POST', cookie: owner.cookie, json: { accessToken: minted.access_token } })).status).toBe(201);
    const handedOver = (await (await api('/api/tokens/checkout', { adAccountId: 'act_40001', purpose: 'ads_read' })).json()) as Checkout;
    expect(handedOver.tokenType).toBe('system_user');
    FacebookAdsApi.init(handedOver.accessToken, 'en_US', false);
    expect(await new AdAccount('act_40001').getCampaigns(['id'], { appsecret_proof: handedOver.appsecretProof })).toHaveLength(1);
  });
});
