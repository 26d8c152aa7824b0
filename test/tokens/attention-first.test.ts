import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMetaUser } from '../helpers/factories.ts';
import { smallWorld, startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; name: string; status: string; impact: { adAccounts: number; uncovered: number } | null };
type ProfileAsset = { type: string; metaId: string; name: string; coveredBy: { id: string; name: string } | null; stops: string[] };

/**
 * What needs someone first, and what a broken token stops (issue 28): the Meta Users list in the
 * attention order, keyset-paged with its filters; the notice's count with a declined permission;
 * a broken profile's ad accounts, who still covers each and what stopped; the currency each ad
 * account's spend is in. Against the emulator: tokens issued by its dialog, broken on "Meta".
 */
describe('attention first, and the impact of a broken token', () => {
  let s: TestService;
  let admin: Awaited<ReturnType<TestService['signIn']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestService({
      world: smallWorld({
        adAccounts: [
          { id: 'act_40001', name: 'Rossi — Saldi', business: '20001', users: ['10001'], systemUsers: ['30001'], currency: 'EUR' },
          { id: 'act_40002', name: 'Mark US', users: ['10002'], currency: 'USD' },
          { id: 'act_40003', name: 'Shared UK', users: ['10001', '10002'], currency: 'GBP' },
        ],
      }),
    });
    admin = await s.signIn({ workspace: 'Attention', role: 'admin' });
    // Giulia declines Ads Management: she still reads the accounts she reaches, manages none.
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass', decline: ['ads_management'] });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const rows = await s.database.db.selectFrom('meta_users').select(['id', 'name']).execute();
    for (const row of rows) ids[row.name] = row.id;
    // Meta changes Mark's password; "Sync now" finds out.
    await s.control('POST', '/__control/users/10002/change-password', {});
    const sync = await s.request(`/api/meta-users/${ids['Mark Doe']}/sync`, { method: 'POST', cookie: admin.cookie });
    expect(((await sync.json()) as { sync: { status: string } }).sync.status).toBe('expired');
    const add = async (name: string, status: 'active' | 'inactive', needsReconnect = false) => {
      const row = await insertMetaUser(s.database.db, s.vault, { workspaceId: admin.workspaceId, metaUserId: String(90_000 + Object.keys(ids).length), token: `token-${name}`, name, status, connectedBy: admin.memberId });
      if (needsReconnect) await s.database.db.updateTable('meta_users').set({ needs_reconnect: true }).where('id', '=', row.id).execute();
      ids[name] = row.id;
    };
    await add('Anna Healthy', 'active');
    await add('Carla Soon', 'active', true);
    await add('Dario Inactive', 'inactive');
  });
  afterAll(() => s?.close());

  const list = async (query: string) => {
    const response = await s.request(`/api/meta-users${query}`, { cookie: admin.cookie });
    return { status: response.status, body: (await response.json()) as { metaUsers: Profile[]; nextCursor: string | null } };
  };

  it('order=attention: Expired, Inactive, needs reconnect, a declined permission, then the rest; by name stays the default', async () => {
    const { status, body } = await list('?order=attention');
    expect(status).toBe(200);
    expect(body.metaUsers.map((m) => m.name)).toEqual(['Mark Doe', 'Dario Inactive', 'Carla Soon', 'Giulia Rossi', 'Anna Healthy']);
    expect((await list('')).body.metaUsers.map((m) => m.name)).toEqual(['Anna Healthy', 'Carla Soon', 'Dario Inactive', 'Giulia Rossi', 'Mark Doe']);
    expect((await list('?order=name')).body.metaUsers.map((m) => m.name)).toEqual(['Anna Healthy', 'Carla Soon', 'Dario Inactive', 'Giulia Rossi', 'Mark Doe']);
  });

  it('pages on (rank, name, id): pages of 2 give the same order, neither repeating nor skipping; a cursor belongs to its order', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?order=attention&limit=2${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      names.push(...page.body.metaUsers.map((m) => m.name));
      after = page.body.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(names).toEqual(['Mark Doe', 'Dario Inactive', 'Carla Soon', 'Giulia Rossi', 'Anna Healthy']);
    const first = await list('?order=attention&limit=2');
    const byName = (await list('?limit=2')).body.nextCursor!;
    const wrong = await s.request(`/api/meta-users?order=attention&after=${byName}`, { cookie: admin.cookie });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^after: /) });
    expect((await s.request(`/api/meta-users?after=${first.body.nextCursor}`, { cookie: admin.cookie })).status).toBe(400);
    expect((await s.request('/api/meta-users?order=urgent', { cookie: admin.cookie })).status).toBe(400);
  });

  it('keeps the status filter and the search box', async () => {
    expect((await list('?order=attention&status=active')).body.metaUsers.map((m) => m.name)).toEqual(['Carla Soon', 'Giulia Rossi', 'Anna Healthy']);
    expect((await list('?order=attention&q=O')).body.metaUsers.map((m) => m.name)).toEqual(['Mark Doe', 'Dario Inactive', 'Carla Soon', 'Giulia Rossi']);
    expect((await list('?order=attention&q=RI')).body.metaUsers.map((m) => m.name)).toEqual(['Dario Inactive']);
    expect((await list('?order=attention&status=expired&q=mark')).body.metaUsers.map((m) => m.name)).toEqual(['Mark Doe']);
  });

  it('the notice counts a declined permission: four need attention', async () => {
    const response = await s.request('/api/meta-users/attention?limit=10', { cookie: admin.cookie });
    const body = (await response.json()) as { count: number; metaUsers: Profile[] };
    expect(body.count).toBe(4);
    expect(body.metaUsers.map((m) => m.name)).toEqual(['Mark Doe', 'Dario Inactive', 'Carla Soon', 'Giulia Rossi']);
  });

  it('a broken profile says how many ad accounts it reached and how many no one else covers; a healthy one says nothing', async () => {
    const { body } = await list('?order=attention');
    const byName = new Map(body.metaUsers.map((m) => [m.name, m]));
    expect(byName.get('Mark Doe')!.impact).toEqual({ adAccounts: 2, uncovered: 1 });
    expect(byName.get('Dario Inactive')!.impact).toEqual({ adAccounts: 0, uncovered: 0 });
    expect(byName.get('Giulia Rossi')!.impact).toBeNull();
    const one = (await (await s.request(`/api/meta-users/${ids['Mark Doe']}`, { cookie: admin.cookie })).json()) as { metaUser: Profile };
    expect(one.metaUser.impact).toEqual({ adAccounts: 2, uncovered: 1 });
  });

  it('lists what the broken profile reached when it stopped: who still covers each, and what stopped', async () => {
    const response = await s.request(`/api/meta-users/${ids['Mark Doe']}/assets?type=ad_account`, { cookie: admin.cookie });
    expect(response.status).toBe(200);
    const { assets } = (await response.json()) as { assets: ProfileAsset[] };
    expect(assets.map((a) => [a.metaId, a.coveredBy, a.stops])).toEqual([
      // His alone: data sync, launches and campaign actions stop.
      ['act_40002', null, ['sync', 'launches', 'campaign_actions']],
      // Giulia still reads it, but she declined Ads Management: campaign actions and launches stop.
      ['act_40003', { id: ids['Giulia Rossi'], name: 'Giulia Rossi' }, ['launches', 'campaign_actions']],
    ]);
    // For a healthy profile: its backup, and nothing stopped.
    const giulia = (await (await s.request(`/api/meta-users/${ids['Giulia Rossi']}/assets?type=ad_account`, { cookie: admin.cookie })).json()) as { assets: ProfileAsset[] };
    expect(giulia.assets.map((a) => [a.metaId, a.coveredBy?.name ?? null, a.stops])).toEqual([
      ['act_40001', null, []],
      ['act_40003', null, []],
    ]);
  });

  it('each ad account carries the currency Meta’s ad account node says', async () => {
    const response = await s.request('/api/ad-accounts', { cookie: admin.cookie });
    const { adAccounts } = (await response.json()) as { adAccounts: Array<{ metaId: string; currency: string | null }> };
    expect(Object.fromEntries(adAccounts.map((a) => [a.metaId, a.currency]))).toEqual({ act_40001: 'EUR', act_40002: 'USD', act_40003: 'GBP' });
  });
});
