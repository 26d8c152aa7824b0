import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { Vault } from '../../src/vault/vault.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { createMember, insertMetaUser } from '../helpers/factories.ts';
import { runWevion, spawnWevion, type Spawned } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, smallWorld } from '../helpers/service.ts';
import { waitFor } from '../helpers/wait.ts';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Run = { id: string; status: string; trigger: string; startedAt: string; finishedAt: string | null; runBy: { role: string; host: string; pid: number } | null; queueJobId: string | null; error: string | null; summary: unknown };
type Listed = { name: string; cron: string | null; expireInSeconds: number; recordsRuns: boolean; queue: { queued: number; active: number }; runs: Run[] };

/**
 * `wevion jobs enqueue|list|run` as an operator runs them, with a real `wevion worker`: an
 * enqueued job is run by the worker, and `jobs list` says who ran it and how it ended. On
 * PostgreSQL, a worker killed mid-job: its run shows as running, then as died once its lease has
 * run out, and pg-boss gives the job to the next worker after its expiry.
 *
 * Time is compressed in declared places, as the chaos suite does: the dead worker's lease (three
 * minutes), its pg-boss job's start (30 minutes of expiry) and the retry's delay (30 s) are moved
 * by SQL, as if that time had passed, and a pg-boss supervisor in the test does maintenance every
 * second (a worker does it every two minutes).
 */
describe('jobs from the command line', { timeout: 240_000 }, () => {
  let env: Record<string, string>;
  let emulator: Emulator;
  let dropDb: () => Promise<void> = async () => {};
  const workers: Spawned[] = [];

  const listJobs = async (): Promise<Listed[]> => {
    const result = await runWevion(['jobs', 'list', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { jobs: Listed[] }).jobs;
  };
  const job = async (name: string) => (await listJobs()).find((j) => j.name === name)!;
  const startWorker = () => {
    const worker = spawnWevion(['worker'], env);
    workers.push(worker);
    return worker;
  };
  async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.DATA_DIR });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, world: smallWorld() });
    env = {
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-jobs-')),
      LOG_LEVEL: 'info',
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: emulator.url,
      META_DIALOG_URL: emulator.url,
      PUBLIC_URL,
      TOKEN_ENCRYPTION_KEYS: `jobs1:${randomBytes(32).toString('base64')}`,
      // The schedules must not fire during the test: it sends the jobs itself.
      TOKEN_JOBS_CRON: '0 0 1 1 *',
      INSIGHTS_SYNC_CRON: '0 0 1 1 *',
      // A Graph call held by the emulator stays held (the killed worker's refresh below).
      GRAPH_REQUEST_TIMEOUT_MS: '300000',
    };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      dropDb = own.drop;
    }
    expect((await runWevion(['migrate'], env)).code).toBe(0);
  });
  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
    await emulator.close();
    await dropDb();
  });

  it('enqueue sends the job to the queue; a worker runs it; list says who ran it, when, and how it ended', async () => {
    const queued = await runWevion(['jobs', 'enqueue', 'session-cleanup', '--json'], env);
    expect(queued.code, queued.stderr).toBe(0);
    const { id } = JSON.parse(queued.stdout) as { job: string; id: string };
    expect(JSON.parse(queued.stdout)).toEqual({ job: 'session-cleanup', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const waiting = await job('session-cleanup');
    expect(waiting).toMatchObject({ cron: '17 3 * * *', expireInSeconds: 300, recordsRuns: true, queue: { queued: 1, active: 0 }, runs: [] });

    const worker = startWorker();
    await waitFor('the worker to run the job', () => /"job":"session-cleanup".*"msg":"job finished"/.test(worker.output()), 60_000, 100);
    expect(worker.output()).toContain('SMTP_URL is not set');
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const done = await job('session-cleanup');
    expect(done.queue).toEqual({ queued: 0, active: 0 });
    expect(done.runs).toHaveLength(1);
    expect(done.runs[0]).toMatchObject({ status: 'succeeded', trigger: 'manual', runBy: { role: 'worker', host: hostname(), pid: worker.child.pid }, queueJobId: id, error: null, summary: { deleted: 0 } });
    expect(Date.parse(done.runs[0]!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.runs[0]!.startedAt));

    const text = await runWevion(['jobs', 'list'], env);
    const lines = text.stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('session-cleanup '));
    expect(lines[at]).toMatch(/^session-cleanup\s+17 3 \* \* \*\s+expires after 5 min\s+Deletes expired sign-in sessions$/);
    expect(lines[at + 1]).toMatch(new RegExp(`^\\s+succeeded\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d → \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+worker@${hostname()}:${worker.child.pid}\\s+manual \\(queue job ${id}\\)$`));
  });

  it('run runs it in the foreground, in the command’s own process, and says so (on stderr: stdout is the summary)', async () => {
    const result = await runWevion(['jobs', 'run', 'session-cleanup'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ deleted: 0 });
    expect(result.stderr).toContain('wevion: running session-cleanup in the foreground, in this process (`wevion jobs enqueue session-cleanup` sends it to the workers instead)');
    const latest = (await job('session-cleanup')).runs[0]!;
    expect(latest).toMatchObject({ status: 'succeeded', trigger: 'manual', runBy: { role: 'cli', host: hostname() }, queueJobId: null });
    expect(latest.runBy!.pid).not.toBe(process.pid);

    const unknown = await runWevion(['jobs', 'enqueue', 'token-refrsh'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^wevion: job "token-refrsh" is not defined; known jobs: .*token-refresh/);
    const badPayload = await runWevion(['jobs', 'enqueue', 'session-cleanup', '--payload', '[1]'], env);
    expect(badPayload.code).toBe(2);
    expect(badPayload.stderr).toContain('--payload must be a JSON object');
  });

  it.skipIf(!process.env.DATABASE_URL)('a worker killed mid-job: its run is running, then died once its lease ran out; pg-boss gives the job to the next worker after its expiry (PostgreSQL)', async () => {
    const vault = new Vault(parseKeys(env.TOKEN_ENCRYPTION_KEYS!));
    const minted = (await (await fetch(`${emulator.url}/__control/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appId: APP_ID, userId: '10001', scopes: ['ads_read'] }) })).json()) as { access_token: string };
    const profileId = await withDb(async ({ db }) => {
      const owner = await createMember(db, { workspace: 'Jobs' });
      return (await insertMetaUser(db, vault, { workspaceId: owner.workspaceId, metaUserId: '10001', token: minted.access_token, expiresAt: new Date(Date.now() + 3 * 86_400_000) })).id;
    });
    // Meta holds the exchange: the sweep is under way when the worker is killed.
    await fetch(`${emulator.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { path: '/oauth/access_token' }, delayMs: 120_000 }) });
    const { id } = JSON.parse((await runWevion(['jobs', 'enqueue', 'token-refresh', '--json'], env)).stdout) as { id: string };
    const doomed = startWorker();
    await withDb((database) =>
      waitFor('the refresh to be under way', async () => {
        const lease = await database.db.selectFrom('meta_users').select('refresh_lease_owner').where('id', '=', profileId).executeTakeFirst();
        return lease?.refresh_lease_owner ? true : undefined;
      }, 60_000, 100),
    );
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');

    const killed = await job('token-refresh');
    expect(killed.expireInSeconds).toBe(1800);
    expect(killed.queue).toEqual({ queued: 0, active: 1 });
    expect(killed.runs[0]).toMatchObject({ status: 'running', finishedAt: null, runBy: { role: 'worker', pid: doomed.child.pid }, queueJobId: id });

    // Three minutes pass for the lease (declared above): the next look marks the run died.
    await withDb(({ db }) => db.updateTable('job_runs').set({ lease_until: new Date(Date.now() - 1000) }).where('queue_job_id', '=', id).execute());
    const died = await job('token-refresh');
    expect(died.runs[0]).toMatchObject({ status: 'died', runBy: { pid: doomed.child.pid }, error: expect.stringMatching(/stopped renewing the lease/) });
    expect(died.runs[0]!.finishedAt).not.toBeNull();
    expect((await runWevion(['jobs', 'list'], env)).stdout).toMatch(new RegExp(`died\\s+.*worker@${hostname()}:${doomed.child.pid}\\s+manual \\(queue job ${id}\\): its process stopped renewing`));

    // Its 30-minute expiry passes for pg-boss (declared above); Meta answers again; the next worker runs it.
    await fetch(`${emulator.url}/__control/faults`, { method: 'DELETE' });
    await withDb(({ executeSql }) => executeSql(`update pgboss.job set started_on = started_on - expire_in - interval '1 second' where id = $1`, [id]));
    await withDb(({ db }) => db.updateTable('meta_users').set({ refresh_lease_until: new Date(Date.now() - 1000) }).where('id', '=', profileId).execute());
    const supervisor = new PgBoss({ connectionString: env.DATABASE_URL!, schema: 'pgboss', supervise: true, schedule: false, migrate: false, maintenanceIntervalSeconds: 1, max: 2 });
    supervisor.on('error', () => {});
    await supervisor.start();
    try {
      // pg-boss fails it by timeout and schedules the retry after its delay (30 s), which passes too.
      await withDb(({ executeSql }) =>
        waitFor('pg-boss to expire the dead worker’s job', async () => {
          const { rows } = await executeSql(`update pgboss.job set start_after = now() where id = $1 and state = 'retry' returning retry_count`, [id]);
          return rows[0] ? true : undefined;
        }, 30_000, 250),
      );
      const next = startWorker();
      const retried = await waitFor('the retried job to be run by the next worker', async () => {
        const runs = (await job('token-refresh')).runs;
        return runs[0]?.status === 'succeeded' && runs[0].runBy?.pid === next.child.pid ? runs : undefined;
      }, 90_000, 500);
      expect(retried[0]).toMatchObject({ queueJobId: id, summary: expect.objectContaining({ refreshed: 1 }) });
      expect(retried[1]).toMatchObject({ status: 'died', runBy: { pid: doomed.child.pid } });
      next.child.kill('SIGTERM');
      expect((await next.exited).code).toBe(0);
    } finally {
      await supervisor.stop({ graceful: false, wait: true }).catch(() => {});
    }
  });
});
