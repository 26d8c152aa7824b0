/**
 * Permission sync at scale against the emulator (0 ms latency): 1,000 tokens (400 Business
 * Manager admins, 200 System Users, 400 people with direct roles) reaching 20,000 ad accounts,
 * 5,000 pages and 2,000 pixels in 200 Business Managers. Prints, for a first sync and for a second
 * one after 1 % of the access changed on Meta:
 *   - wall time of the sync ("run now": every token in this process, a few at once);
 *   - Graph calls made (the emulator's call log) against the minimum needed for the page size
 *     used (500): per token 1 call per page of each edge it reads, plus one adspixels call per
 *     distinct ad account, computed from the emulator's own visibility rules over the world;
 *   - rows written: the sync's own count and, on PGlite, PostgreSQL's tuple counters.
 * The emulator runs as a child process (`wevion emulator`), so it has its own core.
 *
 *   node --import tsx bench/permission-sync.ts [--in-process] [--workers N]
 *
 * --workers N (N > 1): the way the scheduled job runs on N worker processes — one job per token
 * (`permission-sync-token`), each `syncProfile(id)` on whichever worker takes it — modelled as N
 * syncs at once, each with its own Graph client and, on PostgreSQL, its own connection pool (on
 * PGlite they share its one connection), the tokens dealt round-robin. Per-token jobs do not
 * share pixel reads across tokens as a single "run now" does, so the call count may exceed the
 * minimum.
 * With DATABASE_URL it runs on PostgreSQL, in a database of its own created next to that one
 * and dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createUser } from '../src/accounts/accounts.ts';
import { createAssets, type PermissionSyncSummary } from '../src/assets/index.ts';
import { emptySummary, mergeSummary } from '../src/assets/types.ts';
import { systemClock } from '../src/clock.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { businessAssets, visibleAssets, visibleBusinesses, type Principal } from '../src/emulator/access.ts';
import { startEmulator } from '../src/emulator/server.ts';
import { WorldIndex } from '../src/emulator/state.ts';
import type { World } from '../src/emulator/world.ts';
import { createLogger } from '../src/logger.ts';
import { LIST_PAGE_SIZE } from '../src/meta/helpers.ts';
import { createGraphClient } from '../src/meta/graph-client.ts';
import { noEvents } from '../src/tokens/deps.ts';
import { createAppHealth, credentialsFingerprint } from '../src/meta-app/app-health.ts';
import { createVerifier } from '../src/tokens/verification.ts';
import { forEachLimit } from '../src/concurrency.ts';
import { insertMetaUser, testVault } from '../test/helpers/factories.ts';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

const BMS = 200;
const ACCOUNTS_PER_BM = 100;
const PAGES_PER_BM = 25;
const PIXELS_PER_BM = 10;
const CLIENT_ACCOUNTS_PER_BM = 5;
const DIRECT_USERS = 400;
const DIRECT_ACCOUNTS_EACH = 10;
const DIRECT_PAGES_EACH = 2;
const APP = { id: '990000000000001', secret: 'bench-app-secret' };
const SCOPES = ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management'];

// Deterministic pseudo-random numbers, so every run measures the same world and the same change.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
const pick = (n: number) => Math.floor(random() * n);

interface Token {
  principal: Principal;
  mint: Record<string, unknown>;
  metaUserId: string;
  tokenType: 'user' | 'system_user';
}

function buildWorld(): { world: World; tokens: Token[]; directUsers: string[] } {
  const world: World = {
    apps: [{ id: APP.id, secret: APP.secret, name: 'Bench', redirectUris: ['http://localhost/cb'] }],
    users: [], businesses: [], adAccounts: [], pages: [], pixels: [], catalogs: [], campaigns: [],
  };
  const tokens: Token[] = [];
  const user = (id: string) => world.users.push({ id, name: `User ${id}`, email: `${id}@bench.test`, password: 'bench-password' });
  for (let b = 0; b < BMS; b++) {
    const bm = `2${String(b).padStart(5, '0')}`;
    const admins = [`1${String(b * 2).padStart(6, '0')}`, `1${String(b * 2 + 1).padStart(6, '0')}`];
    admins.forEach(user);
    const system = `3${String(b).padStart(5, '0')}`;
    world.businesses.push({ id: bm, name: `Business ${b}`, admins, systemUsers: [{ id: system, name: `System ${b}` }] });
    for (let x = 0; x < PIXELS_PER_BM; x++) world.pixels.push({ id: `5${String(b * PIXELS_PER_BM + x).padStart(6, '0')}`, name: `Pixel ${b}.${x}`, business: bm });
    for (let a = 0; a < ACCOUNTS_PER_BM; a++) {
      const n = b * ACCOUNTS_PER_BM + a;
      world.adAccounts.push({
        id: `act_${1_000_000 + n}`,
        name: `Account ${b}.${a}`,
        business: bm,
        users: [],
        systemUsers: [system],
        pixels: [`5${String(b * PIXELS_PER_BM + (a % PIXELS_PER_BM)).padStart(6, '0')}`],
        // An agency relationship: the next BM works on a few of this one's accounts.
        clientBusinesses: a < CLIENT_ACCOUNTS_PER_BM ? [`2${String((b + 1) % BMS).padStart(5, '0')}`] : [],
      });
    }
    for (let p = 0; p < PAGES_PER_BM; p++) world.pages.push({ id: `4${String(b * PAGES_PER_BM + p).padStart(6, '0')}`, name: `Page ${b}.${p}`, business: bm, users: [], systemUsers: [system] });
    world.catalogs.push({ id: `6${String(b).padStart(5, '0')}`, name: `Catalog ${b}`, business: bm });
    for (const admin of admins) tokens.push({ principal: { kind: 'user', userId: admin }, mint: { appId: APP.id, userId: admin, kind: 'long', scopes: SCOPES }, metaUserId: admin, tokenType: 'user' });
    tokens.push({ principal: { kind: 'system', systemUserId: system, business: bm }, mint: { appId: APP.id, systemUserId: system, kind: 'system', scopes: SCOPES }, metaUserId: system, tokenType: 'system_user' });
  }
  const directUsers: string[] = [];
  for (let u = 0; u < DIRECT_USERS; u++) {
    const id = `8${String(u).padStart(6, '0')}`;
    user(id);
    directUsers.push(id);
    for (let i = 0; i < DIRECT_ACCOUNTS_EACH; i++) {
      const account = world.adAccounts[pick(world.adAccounts.length)]!;
      if (!account.users!.includes(id)) account.users!.push(id);
    }
    for (let i = 0; i < DIRECT_PAGES_EACH; i++) {
      const page = world.pages[pick(world.pages.length)]!;
      if (!page.users!.includes(id)) page.users!.push(id);
    }
    tokens.push({ principal: { kind: 'user', userId: id }, mint: { appId: APP.id, userId: id, kind: 'long', scopes: SCOPES }, metaUserId: id, tokenType: 'user' });
  }
  return { world, tokens, directUsers };
}

/** The fewest calls that read everything the tokens see, with pages of LIST_PAGE_SIZE. */
function minimumCalls(index: WorldIndex, tokens: Token[]): number {
  const pages = (n: number) => Math.max(1, Math.ceil(n / LIST_PAGE_SIZE));
  let calls = 0;
  const accounts = new Set<string>();
  for (const { principal } of tokens) {
    const businesses = visibleBusinesses(index, principal).ids;
    calls += pages(businesses.length);
    const own = visibleAssets(index, principal, 'adAccount').ids;
    own.forEach((id) => accounts.add(id));
    calls += pages(own.length) + pages(visibleAssets(index, principal, 'page').ids.length);
    for (const bm of businesses) {
      const edges: Array<['adAccount' | 'page' | 'pixel' | 'catalog', boolean]> = [['adAccount', false], ['adAccount', true], ['page', false], ['pixel', false], ['catalog', false]];
      for (const [kind, client] of edges) {
        const ids = businessAssets(index, principal, bm, kind, client).ids;
        if (kind === 'adAccount') ids.forEach((id) => accounts.add(id));
        calls += pages(ids.length);
      }
    }
  }
  for (const id of accounts) calls += pages(index.adAccounts.get(id)?.pixels?.length ?? 0);
  return calls;
}

async function startEmulatorProcess(world: World, inProcess: boolean): Promise<{ url: string; stop(): Promise<void> }> {
  if (inProcess) {
    const running = await startEmulator({ port: 0, world });
    return { url: running.url, stop: () => running.close() };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-'));
  const file = path.join(dir, 'world.json');
  writeFileSync(file, JSON.stringify(world));
  const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'wevion.js');
  const child: ChildProcess = spawn(process.execPath, [bin, 'emulator', '--port', '0', '--world', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function control<T>(url: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/__control${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function graphCallCount(url: string): Promise<number> {
  return (await control<{ calls: unknown[] }>(url, 'GET', '/calls')).calls.length;
}

/** Tuples inserted, updated and deleted in our tables, per PostgreSQL's own counters (PGlite: one backend). */
async function tupleWrites(database: Database): Promise<number | undefined> {
  if (database.engine !== 'pglite') return undefined;
  try {
    await sql`select pg_stat_force_next_flush()`.execute(database.db);
    await sql`select 1`.execute(database.db);
    await sql`select pg_stat_clear_snapshot()`.execute(database.db);
    const result = await sql<{ n: number }>`
      select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::int8 as n from pg_stat_user_tables
      where schemaname = 'public' and relname in ('ad_accounts', 'pages', 'pixels', 'catalogs', 'asset_permissions', 'asset_permission_lapses', 'pixel_ad_accounts', 'businesses', 'meta_user_businesses')`.execute(database.db);
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const inProcess = process.argv.includes('--in-process');
  const { world, tokens, directUsers } = buildWorld();
  const index = new WorldIndex(structuredClone(world));
  console.log(`world: ${tokens.length} tokens, ${world.adAccounts.length} ad accounts, ${world.pages.length} pages, ${world.pixels.length} pixels, ${world.catalogs.length} catalogs, ${BMS} Business Managers`);

  const emulator = await startEmulatorProcess(world, inProcess);
  const server = process.env.DATABASE_URL ? await createBenchDatabase(process.env.DATABASE_URL) : undefined;
  const database = await openDatabase({ databaseUrl: server?.url, dataDir: 'memory://' });
  console.log(`database: ${database.engine}`);
  try {
    await migrate(database.db);
    const { member } = await createUser(database.db, { workspace: 'Bench', email: `bench-${Date.now()}@bench.test`, password: 'bench-password', role: 'admin' });
    const vault = testVault();
    await forEachLimit(tokens, 16, async (token) => {
      const minted = await control<{ access_token: string }>(emulator.url, 'POST', '/tokens', token.mint);
      await insertMetaUser(database.db, vault, {
        workspaceId: member.workspaceId, metaUserId: token.metaUserId, token: minted.access_token, tokenType: token.tokenType,
        expiresAt: token.tokenType === 'system_user' ? null : new Date(Date.now() + 50 * 86_400_000), grantedScopes: SCOPES,
      });
    });

    const logger = createLogger({ level: 'warn' });
    const graph = createGraphClient({ graphUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock: systemClock });
    const appGate = (db: typeof database.db, g: typeof graph) => createAppHealth({ db, graph: g, clock: systemClock, logger, appId: APP.id, credentials: credentialsFingerprint(APP.id, APP.secret), onChange: async () => {}, recheck: async () => {} }).gate;
    const verifier = createVerifier({ db: database.db, vault, graph, clock: systemClock, logger, events: noEvents, appGate: appGate(database.db, graph) });
    const assets = createAssets({ db: database.db, vault, graph, clock: systemClock, logger, verifier });
    const workerCount = process.argv.includes('--workers') ? Number(process.argv[process.argv.indexOf('--workers') + 1]) : 1;
    const workers = await Promise.all(
      Array.from({ length: workerCount > 1 ? workerCount : 0 }, async () => {
        const handle = server ? await openDatabase({ databaseUrl: server.url, poolSize: 10 }) : database;
        const db = handle.db;
        const workerGraph = createGraphClient({ graphUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock: systemClock });
        const workerVerifier = createVerifier({ db, vault, graph: workerGraph, clock: systemClock, logger, events: noEvents, appGate: appGate(db, workerGraph) });
        return { handle, graph: workerGraph, assets: createAssets({ db, vault, graph: workerGraph, clock: systemClock, logger, verifier: workerVerifier }) };
      }),
    );
    console.log(`workers: ${Math.max(1, workers.length)}${workers.length > 1 ? ' (one job per token, dealt round-robin)' : ' ("run now")'}`);
    const runSync = async (): Promise<PermissionSyncSummary> => {
      if (workers.length === 0) return assets.syncAll();
      const ids = (await database.db.selectFrom('meta_users').select('id').where('status', '=', 'active').orderBy('id').execute()).map((row) => row.id);
      const total = emptySummary();
      await Promise.all(
        workers.map((worker, k) =>
          forEachLimit(
            ids.filter((_, i) => i % workers.length === k),
            8,
            async (id) => mergeSummary(total, await worker.assets.syncProfile(id)),
          ),
        ),
      );
      return total;
    };

    const measure = async (label: string, minimum: number): Promise<PermissionSyncSummary> => {
      const callsBefore = await graphCallCount(emulator.url);
      const tuplesBefore = await tupleWrites(database);
      const started = performance.now();
      const summary = await runSync();
      const seconds = (performance.now() - started) / 1000;
      const calls = (await graphCallCount(emulator.url)) - callsBefore;
      const tuplesAfter = await tupleWrites(database);
      const tuples = tuplesBefore === undefined || tuplesAfter === undefined ? 'n/a' : String(tuplesAfter - tuplesBefore);
      console.log(`\n${label}`);
      console.log(`  wall time        ${seconds.toFixed(1)} s`);
      console.log(`  Graph calls      ${calls} (minimum ${minimum} for pages of ${LIST_PAGE_SIZE}: ${(calls / minimum).toFixed(3)} x)`);
      console.log(`  rows written     ${summary.rowsWritten} (sync's count; PostgreSQL tuple counters: ${tuples})`);
      console.log(`  tokens ${summary.tokens}, failed ${summary.failedTokens}; ad accounts +${summary.adAccounts.added} -${summary.adAccounts.removed}; pages +${summary.pages.added} -${summary.pages.removed}; pixels +${summary.pixels.added} -${summary.pixels.removed}; catalogs +${summary.catalogs.added}; pixel links +${summary.pixelLinks.added} -${summary.pixelLinks.removed}`);
      if (summary.failures.length > 0) console.log('  failures', summary.failures.slice(0, 3));
      return summary;
    };

    await measure('first sync', minimumCalls(index, tokens));

    // 1 % of the access changes on Meta: 200 ad-account roles (100 taken, 100 given) and 50 page roles.
    const change = async (userId: string, object: string, grant: boolean) => {
      await control(emulator.url, 'POST', '/access', { userId, object, grant });
      const ref = index.asset(object);
      if (ref) index.setAccess({ userId }, ref, grant);
    };
    const withRole = world.adAccounts.filter((a) => (a.users ?? []).length > 0);
    for (let i = 0; i < 100; i++) {
      const account = withRole[(i * 37) % withRole.length]!;
      await change(account.users![0]!, account.id, false);
      const target = world.adAccounts[pick(world.adAccounts.length)]!;
      await change(directUsers[pick(directUsers.length)]!, target.id, true);
    }
    for (let i = 0; i < 25; i++) {
      const page = world.pages.filter((p) => (p.users ?? []).length > 0)[i]!;
      await change(page.users![0]!, page.id, false);
      await change(directUsers[pick(directUsers.length)]!, world.pages[pick(world.pages.length)]!.id, true);
    }
    const second = await measure('second sync (1 % of the access changed)', minimumCalls(index, tokens));
    const changedRows = (['adAccounts', 'pages', 'pixels', 'catalogs'] as const).reduce((n, k) => n + second[k].added + second[k].removed + second[k].changed, 0) + second.pixelLinks.added + second.pixelLinks.removed;
    console.log(`  changed permission rows and links: ${changedRows}; rows written beyond them: ${second.rowsWritten - changedRows}`);
    await graph.close();
    for (const worker of workers) {
      await worker.graph.close();
      if (worker.handle !== database) await worker.handle.close();
    }
  } finally {
    await database.close();
    await server?.drop();
    await emulator.stop();
  }
}

async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wevion_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

await main();
