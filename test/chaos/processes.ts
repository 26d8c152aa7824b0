/**
 * Real `wevion` processes on one PostgreSQL database, for the serial chaos suite
 * (vitest.chaos.config.ts). The processes use the real system clock, so tokens are minted to
 * expire relative to real time; the emulator runs in the test process and plays Meta for all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { Vault } from '../../src/vault/vault.ts';
import { createMember } from '../helpers/factories.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { spawnWevion, testKeys, type Spawned } from '../helpers/process.ts';
import { APP_ID, APP_SECRET } from '../helpers/service.ts';
import { bigWorld, DAY_MS, emulatorControl, insertProfiles, mintTokens, userIdOf } from './population.ts';
import { sleep, waitFor as sharedWaitFor } from '../helpers/wait.ts';
export { sleep };

export const postgresOnly = (name: string, body: () => void): void => {
  const missing = !process.env.DATABASE_URL;
  if (missing) console.warn(`[chaos] SKIPPED "${name}": it needs real processes on one PostgreSQL; set DATABASE_URL (CI does).`);
  describe.skipIf(missing)(name, body);
};

export interface ChaosWorld {
  emulator: RunningEmulator;
  database: Database & { url?: string };
  vault: Vault;
  env: Record<string, string>;
  workspaceId: string;
  memberId: string;
  /** Row ids in order of `userIdOf(i)`. */
  ids: string[];
  original: Map<string, string>;
  /** A pg-boss client of the test (sends jobs as the scheduler would; works nothing). */
  boss: PgBoss;
  close(): Promise<void>;
}

/**
 * A migrated database, the emulator with `users` Meta users, and their profiles: the first `due`
 * expire in 3 days of real time (inside the 7-day window), the rest in 50 days.
 */
export async function chaosWorld(options: { users: number; due: number; latencyMs: number; extraEnv?: Record<string, string> }): Promise<ChaosWorld> {
  const app = { id: APP_ID, secret: APP_SECRET, name: 'Wevion chaos', redirectUris: ['http://127.0.0.1/connect/meta/callback'], requireAppsecretProof: true, longLivedReexchange: 'extend' as const };
  const emulator = await startEmulator({ port: 0, world: bigWorld(app, options.users) });
  const database = await createTestDatabase();
  const keys = testKeys();
  const vault = new Vault(parseKeys(keys));
  const member = await createMember(database.db, { workspace: 'Chaos', role: 'admin' });
  const users = Array.from({ length: options.users }, (_, i) => userIdOf(i));
  const now = Date.now();
  const minted = new Map([
    ...(await mintTokens(emulator.url, APP_ID, users.slice(0, options.due), now + 3 * DAY_MS)),
    ...(await mintTokens(emulator.url, APP_ID, users.slice(options.due), now + 50 * DAY_MS)),
  ]);
  const ids = await insertProfiles(database.db, vault, member.workspaceId, member.id, users.map((metaUserId) => ({ metaUserId, token: minted.get(metaUserId)!.token, expiresAt: minted.get(metaUserId)!.expiresAt })));
  const original = new Map(ids.map((id, i) => [id, minted.get(users[i]!)!.token]));
  await emulatorControl(emulator.url, 'POST', '/__control/limits', { latencyMs: options.latencyMs });
  const env: Record<string, string> = {
    DATABASE_URL: database.url!,
    TOKEN_ENCRYPTION_KEYS: keys,
    META_APP_ID: APP_ID,
    META_APP_SECRET: APP_SECRET,
    META_GRAPH_URL: emulator.url,
    META_DIALOG_URL: emulator.url,
    PUBLIC_URL: 'http://127.0.0.1:3999',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-chaos-')),
    LOG_LEVEL: 'info',
    // The schedules must not fire during the test: the test sends the jobs itself.
    TOKEN_JOBS_CRON: '0 0 1 1 *',
    INSIGHTS_SYNC_CRON: '0 0 1 1 *',
    ...options.extraEnv,
  };
  const boss = new PgBoss({ connectionString: database.url!, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  return {
    emulator,
    database,
    vault,
    env,
    workspaceId: member.workspaceId,
    memberId: member.id,
    ids,
    original,
    boss,
    close: async () => {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await emulator.close();
      await database.close();
    },
  };
}

/** Starts `wevion <role>` and waits for it to say it is working. */
export async function startProcess(role: 'worker' | 'serve', env: Record<string, string>, timeoutMs = 30_000): Promise<Spawned> {
  const spawned = spawnWevion([role], env);
  const ready = role === 'worker' ? 'worker started' : 'is listening';
  const started = Date.now();
  while (!spawned.output().includes(ready)) {
    if (spawned.child.exitCode !== null) throw new Error(`wevion ${role} exited early:\n${spawned.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`wevion ${role} not ready within ${timeoutMs} ms:\n${spawned.output().slice(-2000)}`);
    await sleep(100);
  }
  return spawned;
}

export async function stopProcess(spawned: Spawned | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
  if (!spawned || spawned.child.exitCode !== null || spawned.child.signalCode !== null) return undefined;
  spawned.child.kill('SIGTERM');
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), 12_000);
  const exit = await spawned.exited;
  clearTimeout(timer);
  return exit;
}

// The chaos suites poll other processes every 200 ms unless they say otherwise.
export const waitFor = <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> => sharedWaitFor(what, check, timeoutMs, everyMs);

/** A second handle on the test database, for polling while processes work (its own pool). */
export const observer = (url: string) => openDatabase({ databaseUrl: url, poolSize: 2, applicationName: 'wevion-chaos-observer' });

export async function refreshedCount(db: Database['db'], ids: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('meta_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', [...ids])
    .where('token_version', '>', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const CLUSTER = () => execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n')[0] ?? '15';

/**
 * Restarts the machine's PostgreSQL (asynchronously: the test keeps polling meanwhile). Refuses
 * while sessions of other databases are open — another test run would be broken by it — after
 * waiting up to `waitMs` for them to go.
 */
export async function restartPostgres(ownDatabase: string, waitMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const others = await otherSessions(ownDatabase);
    if (others.length === 0) break;
    if (Date.now() - started > waitMs) throw new Error(`refusing to restart PostgreSQL: other sessions are open (${others.join(', ')}); run the chaos suite alone`);
    await sleep(2000);
  }
  const at = Date.now();
  await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', CLUSTER(), 'main', 'restart'], { timeout: 60_000 });
  return Date.now() - at;
}

async function otherSessions(ownDatabase: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; n: number }>(
      `select datname, count(*)::int as n from pg_stat_activity
       where backend_type = 'client backend' and pid <> pg_backend_pid() and datname is not null and datname <> $1 and datname not like 'wevion_tmpl_%'
       group by datname`,
      [ownDatabase],
    );
    return rows.map((r) => `${r.datname}×${r.n}`);
  } finally {
    await client.end();
  }
}

/** Whatever happened, PostgreSQL is left running. */
export function ensurePostgresRunning(): void {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'], { timeout: 10_000 });
  } catch {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', CLUSTER(), 'main', 'start'], { stdio: 'pipe', timeout: 60_000 });
  }
}
