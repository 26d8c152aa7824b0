/**
 * Meta's `application` webhooks end to end: the emulator plays the client business in Business
 * Settings (Connected apps: remove the app, change what it shares) and pushes what Meta pushes,
 * the app subscribed by the service itself. Both engines (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPendingInstall } from '../../src/tokens/business-installs.queries.ts';
import { waitFor } from '../helpers/wait.ts';
import { BUSINESS_CONFIG, businessWorld, connectBusiness, events, profiles, type Profile } from '../tokens/business-harness.ts';
import { APP_ID, startSignalsService, type SignalsService } from './harness.ts';

describe('a client business’s Connected apps, told by Meta’s application webhooks', () => {
  let s: SignalsService;
  beforeAll(async () => {
    s = await startSignalsService({ world: businessWorld(), env: { META_BUSINESS_CONFIG_ID: BUSINESS_CONFIG.id } });
  });
  afterAll(() => s?.close());

  const profile = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
  const adAccounts = async (cookie: string, id: string) =>
    ((await (await s.request(`/api/meta-users/${id}/assets?type=ad_account`, { cookie })).json()) as { assets: Array<{ metaId: string }> }).assets.map((a) => a.metaId);
  const notices = async (cookie: string) => ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Array<{ type: string; message: string; profileId: string | null }> }).notifications;

  it('install on the timeline; update syncs what is shared now; uninstall: Expired as Meta’s answer proves, with the cause, the admins told', async () => {
    const admin = await s.signIn({ workspace: 'Client business', locale: 'en' });
    const otherAdmin = await s.signIn({ workspace: 'Client business', locale: 'it' });
    const member = await s.signIn({ workspace: 'Client business', role: 'member' });
    const connected = await connectBusiness(s, admin.cookie, { objects: ['act_40001', '60001'] });
    expect('back' in connected && connected.back.searchParams.get('result')).toBe('connected');
    const [business] = await profiles(s, admin.cookie);
    // Meta's install webhook came before our callback: it is on the new profile's timeline.
    await waitFor('the install on the timeline', async () => (await events(s, admin.cookie, business!.id)).some((e) => e.kind === 'business_installed'));
    expect(await adAccounts(admin.cookie, business!.id)).toEqual(['act_40001']);

    // The client shares another ad account: the connection's permission sync runs now.
    await s.control('POST', '/__control/businesses/20001/share', { appId: APP_ID, objects: ['act_40001'], share: false });
    // A minute later (two identical deliveries in one second are one delivery to the intake).
    await s.advance(60);
    await s.control('POST', '/__control/businesses/20001/share', { appId: APP_ID, objects: ['70001'], share: true });
    await waitFor('act_40001 no longer reached', async () => (await adAccounts(admin.cookie, business!.id)).length === 0);
    await waitFor('both updates on the timeline', async () => (await events(s, admin.cookie, business!.id)).filter((e) => e.kind === 'business_updated').length === 2);

    // The client removes the app: the token is checked at once and Meta's answer proves it gone.
    await s.control('POST', '/__control/businesses/20001/remove-app', { appId: APP_ID });
    await waitFor('the business connection checked', async () => (await profile(admin.cookie, business!.id)).status !== 'active');
    const after = await profile(admin.cookie, business!.id);
    expect(after.status).toBe('expired');
    expect(after.lastError).toMatchObject({ causeKey: 'business_removed', causeWords: { en: 'Removed from the business’s connected apps', it: 'Rimossa dalle app collegate dell’azienda' } });
    const timeline = await events(s, admin.cookie, business!.id);
    expect(timeline.map((e) => e.kind)).toContain('business_uninstalled');
    expect(timeline.find((e) => e.kind === 'status_changed')!.causeKey).toBe('business_removed');
    // Every admin of the workspace is told (a System User profile is the admins'); a member is not.
    expect((await notices(admin.cookie)).filter((n) => n.profileId === business!.id).map((n) => n.message)).toEqual(['Meta token expired — Reconnect your Meta profile']);
    expect((await notices(otherAdmin.cookie)).filter((n) => n.profileId === business!.id).map((n) => n.message)).toEqual(['Token Meta scaduto — Riconnetti il profilo Meta']);
    expect((await notices(member.cookie)).filter((n) => n.profileId === business!.id)).toEqual([]);
    // Its assets are no longer reached by it: nothing from it stays usable.
    expect(await adAccounts(admin.cookie, business!.id)).toEqual([]);

    // Connected again: the same profile, Active, with Meta's new BISU.
    const again = await connectBusiness(s, admin.cookie);
    expect('back' in again && again.back.searchParams.get('result')).toBe('reconnected');
    expect((await profile(admin.cookie, business!.id)).status).toBe('active');
  });

  it('another app’s change and a business with no connection change nothing', async () => {
    const before = await s.counts();
    const body = JSON.stringify({ object: 'application', entry: [{ id: '999', time: Math.floor(Date.now() / 1000), changes: [{ field: 'business_integration_uninstall', value: { business_manager_id: '20001' } }] }] });
    const { createHmac } = await import('node:crypto');
    const signature = `sha256=${createHmac('sha256', s.meta.appSecret).update(body).digest('hex')}`;
    expect((await s.post('/connect/meta/webhooks', body, { 'content-type': 'application/json', 'x-hub-signature-256': signature })).status).toBe(200);
    await waitFor('processed', async () => (await s.counts()).unprocessed === 0);
    const row = (await s.database.executeSql(`select outcome from meta_signals where body like '%"id":"999"%'`)).rows[0] as { outcome: Record<string, number> | string };
    expect(typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome).toEqual({ other_app: 1 });
    expect((await s.counts()).jobs['meta-removal-check'] ?? 0).toBe(before.jobs['meta-removal-check'] ?? 0);
  });

  // Last: it moves the clock two hours on.
  it('an install no connect followed is dropped after 48 hours by the hourly retention; a recent one waits', async () => {
    await s.advance(2 * 3600);
    const hoursAgo = (hours: number) => new Date(s.clock.now() - hours * 3_600_000);
    await recordPendingInstall(s.database.db, { metaBusinessId: '77000001', at: hoursAgo(49), configId: null });
    await recordPendingInstall(s.database.db, { metaBusinessId: '77000002', at: hoursAgo(47), configId: BUSINESS_CONFIG.id });
    expect(await s.queue.runNow('meta-signals-process', {})).toMatchObject({ pendingInstallsDropped: 1 });
    const left = await s.database.db.selectFrom('business_installs_pending').select('meta_business_id').where('meta_business_id', 'in', ['77000001', '77000002']).execute();
    expect(left.map((row) => row.meta_business_id)).toEqual(['77000002']);
  });
});
