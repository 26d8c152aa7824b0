/**
 * Three `wevion worker` processes on one PostgreSQL run the same refresh sweep at once (three
 * jobs sent together, one each), while the tokens of ten profiles were invalidated on Meta and
 * each of those is also checked three times by token-verify jobs spread over the workers.
 * Each due token is exchanged exactly once (emulator call log), no update is lost (every stored
 * token is the one Meta issued last, with its expiry), and each incident is told once.
 * And three workers started at the same moment on an empty database all come up (they race to
 * install the schemas and create the job queues).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKeys, type Spawned } from '../helpers/process.ts';
import { APP_ID, APP_SECRET } from '../helpers/service.ts';
import { inspectTokens, storedTokens, userIdOf } from './population.ts';
import { chaosWorld, observer, postgresOnly, refreshedCount, startProcess, stopProcess, waitFor, type ChaosWorld } from './processes.ts';

const USERS = 700;
const DUE = 650;
const INVALID = 10;

type Call = { path: string; status: number };

postgresOnly('three worker processes run the same sweep', () => {
  let w: ChaosWorld;
  let workers: Spawned[] = [];
  const invalid = new Set<string>();

  beforeAll(async () => {
    w = await chaosWorld({ users: USERS, due: DUE, latencyMs: 40 });
    for (let k = 0; k < INVALID; k++) {
      const i = 5 + k * 61;
      await fetch(`${w.emulator.url}/__control/users/${userIdOf(i)}/change-password`, { method: 'POST' });
      invalid.add(w.ids[i]!);
    }
    workers = await Promise.all([1, 2, 3].map(() => startProcess('worker', w.env)));
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker);
    await w?.close();
  });

  it('exchanges each due token exactly once, loses no update, and tells each incident once', async () => {
    const db = await observer(w.database.url!);
    try {
      const sweeps = await Promise.all([1, 2, 3].map(() => w.boss.send('token-refresh', {})));
      // Checks of the invalidated tokens race the sweeps, from every worker.
      for (const id of invalid) for (let k = 0; k < 3; k++) await w.boss.send('token-verify', { profileId: id });

      const healthy = w.ids.slice(0, DUE).filter((id) => !invalid.has(id));
      await waitFor(
        'all three sweeps to complete',
        async () => {
          const { rows } = await db.executeSql(`select state from pgboss.job where id = any($1::uuid[])`, [sweeps]);
          return rows.length === 3 && rows.every((r) => r.state === 'completed');
        },
        120_000,
        500,
      );
      await waitFor('every verify job to finish', async () => {
        const { rows } = await db.executeSql(`select count(*)::int as n from pgboss.job where name = 'token-verify' and state not in ('completed', 'failed')`);
        return rows[0]?.n === 0;
      }, 60_000, 500);
      expect(await refreshedCount(db.db, healthy)).toBe(healthy.length);

      // The three sweeps really overlapped (otherwise this proves nothing about concurrency).
      const runs = await db.db.selectFrom('job_runs').select(['started_at', 'finished_at', 'summary']).where('job', '=', 'token-refresh').execute();
      expect(runs).toHaveLength(3);
      const latestStart = Math.max(...runs.map((r) => r.started_at.getTime()));
      const earliestEnd = Math.min(...runs.map((r) => r.finished_at!.getTime()));
      expect(latestStart, 'the three sweeps ran at the same time').toBeLessThan(earliestEnd);
      const summaries = runs.map((r) => r.summary as Record<string, number>);
       
      console.info('[chaos] three sweeps', JSON.stringify(summaries));
      expect(summaries.reduce((n, s) => n + s.refreshed!, 0)).toBe(healthy.length);
      expect(summaries.filter((s) => s.refreshed! > 0).length, 'the work was shared').toBeGreaterThanOrEqual(2);

      // Meta saw one successful exchange per healthy due token: no double refresh.
      const calls = (await (await fetch(`${w.emulator.url}/__control/calls`)).json()) as { calls: Call[] };
      const exchanges = calls.calls.filter((c) => c.path === '/oauth/access_token');
      expect(exchanges.filter((c) => c.status === 200)).toHaveLength(healthy.length);

      // No lost update: the stored token is the one Meta issued last, with the expiry Meta gives it.
      const stored = await storedTokens(db.db, w.vault);
      for (const id of healthy) expect(stored.get(id)).toMatchObject({ status: 'active', tokenVersion: 2 });
      const inspected = await inspectTokens(w.emulator.url, { id: APP_ID, secret: APP_SECRET }, healthy.map((id) => stored.get(id)!.token));
      expect(inspected.filter((i) => !i.isValid)).toEqual([]);
      inspected.forEach((info, k) => expect(info.expiresAt * 1000).toBe(stored.get(healthy[k]!)!.expiresAt!.getTime()));
      for (const id of w.ids.slice(DUE)) expect(stored.get(id)).toMatchObject({ tokenVersion: 1, token: w.original.get(id) });
      const events = await db.db.selectFrom('meta_user_events').select(['profile_id', 'kind']).execute();
      expect(events.filter((e) => e.kind === 'refreshed')).toHaveLength(healthy.length);
      expect(new Set(events.filter((e) => e.kind === 'refreshed').map((e) => e.profile_id)).size).toBe(healthy.length);

      // One incident, one status change, one notification per invalidated profile.
      for (const id of invalid) expect(stored.get(id)!.status).toBe('expired');
      expect(events.filter((e) => e.kind === 'status_changed').map((e) => e.profile_id).sort()).toEqual([...invalid].sort());
      const notes = await db.db.selectFrom('notifications').select(['profile_id', 'type', 'member_id']).execute();
      expect(notes.filter((n) => n.type === 'token_expired').map((n) => n.profile_id).sort()).toEqual([...invalid].sort());
      expect(notes.filter((n) => n.type !== 'token_expired')).toEqual([]);
      for (const worker of workers) expect(worker.output()).not.toMatch(/"level":(50|60)/);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('the workers stop cleanly on SIGTERM', async () => {
    const exits = await Promise.all(workers.map((worker) => stopProcess(worker)));
    expect(exits.map((e) => e?.code)).toEqual([0, 0, 0]);
  }, 30_000);
});

postgresOnly('three workers started at once on an empty database', () => {
  const name = `wevion_chaos_empty_${process.pid}_${Date.now().toString(36)}`;
  let workers: Spawned[] = [];
  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('all come up and stay up: the install and queue creation races are survived', async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const env = {
      DATABASE_URL: url.toString(),
      TOKEN_ENCRYPTION_KEYS: testKeys(),
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      PUBLIC_URL: 'http://127.0.0.1:3999',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-chaos-empty-')),
      LOG_LEVEL: 'info',
    };
    const started = await Promise.allSettled([1, 2, 3].map(() => startProcess('worker', env)));
    workers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(started.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason).slice(0, 400))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(workers.map((w) => w.child.exitCode)).toEqual([null, null, null]);
    const exits = await Promise.all(workers.map((worker) => stopProcess(worker)));
    expect(exits.map((e) => e?.code)).toEqual([0, 0, 0]);
  }, 120_000);
});
