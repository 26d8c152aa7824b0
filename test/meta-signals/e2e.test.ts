/**
 * Meta tells us first, end to end: the emulator plays a person in their Facebook settings
 * (revoke-permission, grant-permission, remove-app, request-data-deletion) and pushes what Meta
 * pushes to the service over HTTP, the app subscribed to the `permissions` webhook by the
 * service itself. Both engines (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';
import { APP_ID, startSignalsService, type SignalsService } from './harness.ts';

type Profile = {
  id: string;
  status: string;
  grantedScopes: string[];
  declinedScopes: string[];
  lastError: { code: number | null; subcode: number | null; causeKey: string; causeWords: { en: string; it: string } } | null;
};
type Delivery = { id: string; kind: string; delivered: boolean; status: number | null };

describe('Meta tells us first: the emulator’s control actions, with the app subscribed', () => {
  let s: SignalsService;
  beforeAll(async () => {
    s = await startSignalsService();
  });
  afterAll(() => s?.close());

  async function connectIn(workspace: string, role: 'admin' | 'member' = 'admin') {
    const person = await s.signIn({ workspace, role, locale: 'en' });
    const back = await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    expect(back.searchParams.get('result')).toBe('connected');
    return { ...person, profileId: back.searchParams.get('profile') as string };
  }
  const profile = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
  const calls = async () => ((await s.control('GET', '/__control/calls')) as { calls: Array<{ path: string; userId: string | null }> }).calls;
  const canManage = async (cookie: string) =>
    ((await (await s.request('/api/ad-accounts/act_40001/campaigns', { cookie })).json()) as { canManage: boolean; blockedReason: string | null }) satisfies { canManage: boolean };

  it('the subscription is what it should be: permissions, connected and the 14 permissions, at our URL', async () => {
    const admin = await s.signIn({ workspace: 'Operators', role: 'admin' });
    const answer = (await (await s.request('/api/meta-app', { cookie: admin.cookie })).json()) as { signals: { subscription: { state: string; expectedUrl: string }; urls: Record<string, string>; verifyTokenSet: boolean } };
    expect(answer.signals.subscription).toMatchObject({ state: 'ok', expectedUrl: `${s.base}/connect/meta/webhooks` });
    expect(answer.signals.urls).toEqual({ deauthorize: `${s.base}/connect/meta/deauthorize`, dataDeletion: `${s.base}/connect/meta/data-deletion`, webhooks: `${s.base}/connect/meta/webhooks` });
    expect(answer.signals.verifyTokenSet).toBe(true);
    const held = (await (await fetch(`${s.emulatorUrl}/${APP_ID}/subscriptions?access_token=${encodeURIComponent(`${APP_ID}|${s.meta.appSecret}`)}`)).json()) as { data: Array<{ object: string; fields: Array<{ name: string }> }> };
    expect(held.data.map((sub) => [sub.object, sub.fields.length])).toEqual([['permissions', 15], ['application', 3]]);
  });

  it('revoke-permission: confirmed with /me/permissions, then the profile, the gate and the notice follow; grant-permission undoes it', async () => {
    const p = await connectIn('Permissions');
    // The account's campaigns, as the hourly data sync stores them.
    await s.queue.runNow('insights-sync', {});
    expect((await canManage(p.cookie)).canManage).toBe(true);
    const before = (await calls()).length;

    const revoked = (await s.control('POST', '/__control/users/10001/revoke-permission', { appId: APP_ID, permission: 'ads_management' })) as { deliveries: Delivery[] };
    expect(revoked.deliveries).toMatchObject([{ kind: 'webhook', delivered: true, status: 200 }]);
    const after = await waitFor('ads_management to be declined', async () => {
      const current = await profile(p.cookie, p.profileId);
      return current.declinedScopes.includes('ads_management') ? current : undefined;
    });
    expect(after.status).toBe('active');
    expect(after.grantedScopes).not.toContain('ads_management');
    // The gate: campaign actions are refused at once (no other token may manage the account).
    expect(await canManage(p.cookie)).toMatchObject({ canManage: false, blockedReason: 'scope_declined' });
    const pause = await s.request('/api/ad-accounts/act_40001/campaigns/80001/status', { method: 'POST', cookie: p.cookie, json: { status: 'PAUSED' } });
    expect(pause.status).toBe(409);
    expect(await pause.json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'scope_declined' } });
    // Meta was asked before anything changed; the timeline says what changed.
    const asked = (await calls()).slice(before).filter((call) => call.path === '/me/permissions' && call.userId === '10001');
    expect(asked.length).toBeGreaterThanOrEqual(1);
    const events = ((await (await s.request(`/api/meta-users/${p.profileId}/events`, { cookie: p.cookie })).json()) as { events: Array<{ kind: string; message: string | null }> }).events;
    expect(events.find((e) => e.kind === 'permissions_changed')?.message).toContain('ads_management revoked');

    const granted = (await s.control('POST', '/__control/users/10001/grant-permission', { appId: APP_ID, permission: 'ads_management' })) as { deliveries: Delivery[] };
    expect(granted.deliveries).toMatchObject([{ kind: 'webhook', delivered: true, status: 200 }]);
    await waitFor('ads_management to be granted again', async () => ((await profile(p.cookie, p.profileId)).grantedScopes.includes('ads_management') ? true : undefined));
    expect((await profile(p.cookie, p.profileId)).declinedScopes).toEqual([]);
    expect((await canManage(p.cookie)).canManage).toBe(true);
  });

  it('remove-app: every profile of that person, in every workspace, is checked and Expired with the cause, and its owner told', async () => {
    const a = await connectIn('Removal A', 'member');
    const b = await connectIn('Removal B', 'member');
    const before = (await calls()).length;

    const removed = (await s.control('POST', '/__control/users/10001/remove-app', { appId: APP_ID })) as { deliveries: Delivery[] };
    // Both pushes answered 200: the callback and the `connected` webhook.
    expect(removed.deliveries.map((d) => [d.kind, d.delivered, d.status])).toEqual([
      ['deauthorize', true, 200],
      ['webhook', true, 200],
    ]);
    for (const person of [a, b]) {
      const expired = await waitFor(`${person.workspaceId} to be Expired`, async () => {
        const current = await profile(person.cookie, person.profileId);
        return current.status === 'expired' ? current : undefined;
      });
      expect(expired.lastError).toMatchObject({ code: 190, subcode: 458, causeKey: 'app_removed', causeWords: { en: 'Removed the app on Meta', it: 'App rimossa su Meta' } });
      const events = ((await (await s.request(`/api/meta-users/${person.profileId}/events`, { cookie: person.cookie })).json()) as { events: Array<{ kind: string; causeKey: string | null }> }).events;
      expect(events.filter((e) => e.kind === 'status_changed')).toMatchObject([{ causeKey: 'app_removed' }]);
      const notifications = ((await (await s.request('/api/notifications', { cookie: person.cookie })).json()) as { notifications: Array<{ type: string; cause: string }> }).notifications;
      expect(notifications).toMatchObject([{ type: 'token_expired', cause: 'Removed the app on Meta' }]);
    }
    // The check is GET /me with each token: one per profile that was Active (the second signal of
    // the same removal finds them Expired already, or shares the check in flight).
    const me = (await calls()).slice(before).filter((call) => call.path === '/me' && call.userId === '10001');
    const giuliaProfiles = Number(((await s.database.executeSql(`select count(*)::int as n from meta_users where meta_user_id = '10001'`)).rows[0] as { n: number }).n);
    expect(me.length).toBeGreaterThanOrEqual(2);
    expect(me.length).toBeLessThanOrEqual(2 * giuliaProfiles);
    console.log(`remove-app: ${giuliaProfiles} profiles of the person, ${me.length} GET /me`);
    expect((await s.counts()).unprocessed).toBe(0);
  });

  it('request-data-deletion: Meta gets the code, every profile of the person is deleted, the admins are told, the page says so', async () => {
    const c = await connectIn('Deletion C');
    const d = await connectIn('Deletion D');
    const profiles = Number(((await s.database.executeSql(`select count(*)::int as n from meta_users where meta_user_id = '10001'`)).rows[0] as { n: number }).n);
    expect(profiles).toBeGreaterThanOrEqual(2);

    const answer = (await s.control('POST', '/__control/users/10001/request-data-deletion', { appId: APP_ID })) as { deliveries: Delivery[] };
    expect(answer.deliveries).toMatchObject([{ kind: 'data_deletion', delivered: true, status: 200 }]);
    const [delivery] = ((await s.control('GET', `/__control/apps/${APP_ID}/deliveries?limit=1`)) as { deliveries: Array<{ response: { body: string } }> }).deliveries;
    const meta = JSON.parse(delivery!.response.body) as { url: string; confirmation_code: string };
    expect(meta.confirmation_code).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(meta.url).toBe(`${PUBLIC_URL}/connect/meta/data-deletion/${meta.confirmation_code}`);

    const path = `/connect/meta/data-deletion/${meta.confirmation_code}`;
    const status = await waitFor('the deletion to be done', async () => {
      const body = (await (await s.request(path, { headers: { accept: 'application/json' } })).json()) as { status: string; deleted: Record<string, number>; completedAt: string | null };
      return body.status === 'completed' ? body : undefined;
    });
    expect(status.deleted).toMatchObject({ profiles, tokens: profiles });
    expect(status.completedAt).not.toBeNull();
    const left = await s.database.executeSql(`select (select count(*)::int from meta_users where meta_user_id = '10001') as profiles, (select count(*)::int from token_checkouts where meta_user_id = '10001') as checkouts, (select count(*)::int from meta_permission_changes where meta_user_id = '10001') as changes, (select count(*)::int from meta_signals where meta_user_id = '10001' or body like '%10001%') as signals`);
    expect(left.rows[0]).toEqual({ profiles: 0, checkouts: 0, changes: 0, signals: 0 });
    // The businesses' data stays.
    expect(Number(((await s.database.executeSql(`select count(*)::int as n from ad_accounts where meta_id = 'act_40001' and workspace_id = $1`, [c.workspaceId])).rows[0] as { n: number }).n)).toBe(1);

    for (const admin of [c, d]) {
      const notifications = ((await (await s.request('/api/notifications', { cookie: admin.cookie })).json()) as { notifications: Array<{ type: string; message: string; profileName: string | null }> }).notifications;
      expect(notifications.find((n) => n.type === 'profile_deleted_on_request')).toMatchObject({ message: expect.stringContaining(meta.confirmation_code) as unknown as string, profileName: null });
      const list = (await (await s.request('/api/meta-signals/data-deletions', { cookie: admin.cookie })).json()) as { requests: Array<{ code: string; status: string; deleted: Record<string, number> }> };
      expect(list.requests).toMatchObject([{ code: meta.confirmation_code, status: 'completed', deleted: { profiles: 1, tokens: 1 } }]);
    }

    const italian = await s.request(path, { headers: { 'accept-language': 'it-IT,it;q=0.9,en;q=0.8' } });
    expect(italian.headers.get('content-type')).toContain('text/html');
    const page = await italian.text();
    expect(page).toContain('<html lang="it">');
    expect(page).toContain('Fatto.');
    expect(page).toContain(`${profiles} profili Meta`);
    const english = await (await s.request(path, { headers: { 'accept-language': 'en-GB' } })).text();
    expect(english).toContain('Done.');
    expect(english).toContain('they stay with those businesses');
    // The code is the key to the person's page: no log line carries it (the request log writes the path without it).
    expect(s.logLines.join('\n')).not.toContain(meta.confirmation_code);
    expect(s.logLines.join('\n')).toContain('/connect/meta/data-deletion/…');
  });
});
