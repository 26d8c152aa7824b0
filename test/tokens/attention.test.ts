import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { attentionRoutes } from '../../src/http/routes/attention.ts';
import { buildTestApp, signedInMember, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { insertMetaUser, testVault } from '../helpers/factories.ts';

interface Attention {
  count: number;
  metaUsers: Array<{ id: string; name: string; status: string; needsReconnect: boolean }>;
  nextCursor: string | null;
}

/**
 * GET /api/meta-users/attention, what the notice on every page reads: Expired, Inactive and
 * "needs reconnect soon" count; Active ones and other workspaces' do not; a member counts only
 * the profiles they connected, an admin the workspace's.
 */
describe('GET /api/meta-users/attention', () => {
  let database: Database;
  let testApp: TestApp;
  let admin: Awaited<ReturnType<typeof signedInMember>>;
  let member: Awaited<ReturnType<typeof signedInMember>>;
  let stranger: Awaited<ReturnType<typeof signedInMember>>;
  const vault = testVault();
  const ids: Record<string, string> = {};
  let add: (name: string, values: { status?: 'active' | 'inactive' | 'expired'; connectedBy?: string; workspaceId?: string; needsReconnect?: boolean; tokenType?: 'user' | 'system_user'; declinedScopes?: string[] }) => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Mounted alone; the composed service (its order before /api/meta-users/{id}) is what the browser test reads.
    testApp = buildTestApp(database, { routes: [attentionRoutes(database.db)] });
    admin = await signedInMember(testApp, database, { workspace: 'Rossi', role: 'admin' });
    member = await signedInMember(testApp, database, { workspace: 'Rossi', role: 'member' });
    stranger = await signedInMember(testApp, database, { workspace: 'Other', role: 'admin' });
    add = async (name, values) => {
      const row = await insertMetaUser(database.db, vault, {
        workspaceId: values.workspaceId ?? admin.workspaceId,
        metaUserId: String(10_000 + Object.keys(ids).length),
        token: `token-${name}`,
        name,
        status: values.status,
        connectedBy: values.connectedBy ?? null,
        tokenType: values.tokenType,
        declinedScopes: values.declinedScopes,
      });
      if (values.needsReconnect) await database.db.updateTable('meta_users').set({ needs_reconnect: true }).where('id', '=', row.id).execute();
      ids[name] = row.id;
    };
    await add('Anna Healthy', { connectedBy: member.memberId });
    await add('Bruno Expired', { status: 'expired', connectedBy: member.memberId });
    await add('Carla Soon', { needsReconnect: true, connectedBy: admin.memberId });
    await add('Dario Inactive', { status: 'inactive' });
    await add('Elsa Elsewhere', { status: 'expired', workspaceId: stranger.workspaceId });
  });
  afterAll(async () => {
    await database?.close();
  });

  const attention = async (cookie: string, query = ''): Promise<{ status: number; body: Attention }> => {
    const response = await testApp.request(`/api/meta-users/attention${query}`, { cookie });
    return { status: response.status, body: (await response.json()) as Attention };
  };

  it('an admin: every profile of the workspace that is Expired, Inactive or needs reconnect soon, most urgent first', async () => {
    const { status, body } = await attention(admin.cookie);
    expect(status).toBe(200);
    expect(body.count).toBe(3);
    expect(body.metaUsers.map((m) => m.name)).toEqual(['Bruno Expired', 'Dario Inactive', 'Carla Soon']);
    expect(body.nextCursor).toBeNull();
  });

  it('a member: only the profiles they connected', async () => {
    const { body } = await attention(member.cookie);
    expect(body.count).toBe(1);
    expect(body.metaUsers.map((m) => m.id)).toEqual([ids['Bruno Expired']]);
    expect((await attention(stranger.cookie)).body.metaUsers.map((m) => m.name)).toEqual(['Elsa Elsewhere']);
  });

  it('pages like every list, the count staying that of all of them', async () => {
    const first = await attention(admin.cookie, '?limit=1');
    expect(first.body.count).toBe(3);
    expect(first.body.metaUsers.map((m) => m.name)).toEqual(['Bruno Expired']);
    const second = await attention(admin.cookie, `?limit=2&after=${first.body.nextCursor}`);
    expect(second.body.metaUsers.map((m) => m.name)).toEqual(['Dario Inactive', 'Carla Soon']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('goes down when a profile is healthy again', async () => {
    await database.db.updateTable('meta_users').set({ status: 'active' }).where('id', '=', ids['Bruno Expired']!).execute();
    expect((await attention(member.cookie)).body).toEqual({ count: 0, metaUsers: [], nextCursor: null });
    expect((await attention(admin.cookie)).body.count).toBe(2);
  });

  it('a user token with a declined permission needs attention too, after the others; a System User’s scopes do not count', async () => {
    await add('Fabio Declined', { connectedBy: member.memberId, declinedScopes: ['ads_management'] });
    await add('Gina System', { tokenType: 'system_user', declinedScopes: ['ads_management'] });
    const { body } = await attention(admin.cookie);
    expect(body.count).toBe(3);
    expect(body.metaUsers.map((m) => m.name)).toEqual(['Dario Inactive', 'Carla Soon', 'Fabio Declined']);
    expect((await attention(member.cookie)).body).toMatchObject({ count: 1, metaUsers: [{ name: 'Fabio Declined' }] });
    // Granted on a reconnect: nothing left to do.
    await database.db.updateTable('meta_users').set({ declined_scopes: '[]' }).where('id', '=', ids['Fabio Declined']!).execute();
    expect((await attention(member.cookie)).body.count).toBe(0);
  });

  it('is for people signed in', async () => {
    expect((await testApp.request('/api/meta-users/attention')).status).toBe(401);
  });
});
