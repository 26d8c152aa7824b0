/**
 * One assets area wired as the composition root would: a test database, the emulator on port 0,
 * a real Graph client, verifier and the HTTP app with the asset routes and jobs. Tokens are real
 * emulator tokens stored encrypted as the connect flow leaves them.
 */
import { sql } from 'kysely';
import { createAssets, type Assets, type AssetsDeps } from '../../src/assets/index.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { createGraphClient, type GraphClient } from '../../src/meta/graph-client.ts';
import { noEvents } from '../../src/tokens/deps.ts';
import { assetRoutes } from '../../src/http/routes/assets.ts';
import { getMetaUser, type MetaUser } from '../../src/tokens/tokens.queries.ts';
import { createAppHealth, credentialsFingerprint } from '../../src/meta-app/app-health.ts';
import { createVerifier } from '../../src/tokens/verification.ts';
import { replaceSecret } from '../../src/vault/secrets.queries.ts';
import type { Vault } from '../../src/vault/vault.ts';
import { APP, Emu, testWorld } from '../emulator/helpers.ts';
import { buildTestApp, memoryLogger, signedInMember, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { insertMetaUser, testVault } from '../helpers/factories.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

export interface Harness {
  emulator: RunningEmulator;
  emu: Emu;
  database: Database;
  vault: Vault;
  clock: ManualClock;
  graph: GraphClient;
  deps: AssetsDeps;
  assets: Assets;
  testApp: TestApp;
  admin: { cookie: string; memberId: string; workspaceId: string };
  /** A profile of the admin's workspace holding a fresh emulator token of this Meta user or system user. */
  connect(who: { userId?: string; systemUserId?: string; scopes?: string[]; expiresAt?: Date | null; workspaceId?: string }): Promise<MetaUser>;
  /** What the lead's reconnect does to the row: a fresh token in place, status back to active. */
  reconnect(profile: MetaUser, userId: string): Promise<void>;
  setStatus(profileId: string, status: 'active' | 'expired' | 'inactive'): Promise<void>;
  runJob(name: string): Promise<{ status: number; summary: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function createHarness(options: { world?: World; deps?: Partial<AssetsDeps> } = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, world: options.world ?? testWorld() });
  const emu = new Emu(emulator.url);
  const database = await createTestDatabase();
  const vault = testVault();
  const clock = new ManualClock(Date.now());
  const { logger } = memoryLogger();
  // ManualClock: retries and throttling waits pass instantly.
  const graph = createGraphClient({ graphUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock, maxRetries: 2 });
  const appHealth = createAppHealth({ db: database.db, graph, clock, logger, appId: APP.id, credentials: credentialsFingerprint(APP.id, APP.secret), onChange: async () => {}, recheck: async () => {} });
  const verifier = createVerifier({ db: database.db, vault, graph, clock, logger, events: noEvents, appGate: appHealth.gate });
  const deps: AssetsDeps = { db: database.db, vault, graph, clock, logger, verifier, ...options.deps };
  const assets = createAssets(deps);
  const testApp = buildTestApp(database, { routes: [assetRoutes({ db: database.db, clock, campaigns: assets.campaigns, ...(deps.changes ? { changes: deps.changes } : {}) })], jobs: assets.jobs, clock });
  const admin = await signedInMember(testApp, database, { workspace: 'Acme', role: 'admin' });

  const connect: Harness['connect'] = async (who) => {
    const token = who.systemUserId !== undefined ? await emu.mintSystem(who.systemUserId, who.scopes) : await emu.mint(who.userId ?? '', who.scopes);
    return insertMetaUser(database.db, vault, {
      workspaceId: who.workspaceId ?? admin.workspaceId,
      metaUserId: who.systemUserId ?? who.userId ?? '',
      name: who.systemUserId ? `System ${who.systemUserId}` : `User ${who.userId}`,
      token,
      tokenType: who.systemUserId !== undefined ? 'system_user' : 'user',
      expiresAt: who.expiresAt === undefined ? (who.systemUserId !== undefined ? null : new Date(clock.now() + 50 * 86_400_000)) : who.expiresAt,
      ...(who.scopes && { grantedScopes: who.scopes }),
      connectedBy: admin.memberId,
    });
  };

  return {
    emulator,
    emu,
    database,
    vault,
    clock,
    graph,
    deps,
    assets,
    testApp,
    admin,
    connect,
    async reconnect(profile, userId) {
      const current = (await getMetaUser(database.db, profile.id))!;
      await replaceSecret(database.db, vault, current.secretId, await emu.mint(userId));
      await sql`update meta_users set status = 'active', token_version = token_version + 1 where id = ${profile.id}`.execute(database.db);
    },
    async setStatus(profileId, status) {
      await sql`update meta_users set status = ${status} where id = ${profileId}`.execute(database.db);
    },
    async runJob(name) {
      const response = await testApp.request(`/api/jobs/${name}/run`, { method: 'POST', cookie: admin.cookie });
      const body = (await response.json()) as { summary: Record<string, unknown> };
      return { status: response.status, summary: body.summary };
    },
    async close() {
      await graph.close();
      await emulator.close();
      await database.close();
    },
  };
}

/** Permission rows of a profile as `type:metaId`, sorted. */
export async function permissionsOf(database: Database, profileId: string): Promise<string[]> {
  const result = await sql<{ key: string }>`
    select p.asset_type || ':' || coalesce(a.meta_id, pg.meta_id, px.meta_id, c.meta_id) as key
    from asset_permissions p
    left join ad_accounts a on p.asset_type = 'ad_account' and a.id = p.asset_id
    left join pages pg on p.asset_type = 'page' and pg.id = p.asset_id
    left join pixels px on p.asset_type = 'pixel' and px.id = p.asset_id
    left join catalogs c on p.asset_type = 'catalog' and c.id = p.asset_id
    where p.profile_id = ${profileId}
    order by 1`.execute(database.db);
  return result.rows.map((row) => row.key);
}

export async function countRows(database: Database, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db);
  return result.rows[0]?.n ?? 0;
}

export async function graphCalls(emu: Emu): Promise<Array<{ path: string; userId: string | null; status: number }>> {
  const response = await emu.control<{ calls: Array<{ path: string; userId: string | null; status: number }> }>('GET', '/calls');
  return response.body.calls;
}
