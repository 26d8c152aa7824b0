/**
 * A `wevion worker` killed with SIGKILL in the middle of a refresh sweep, then restarted.
 * At the moment of death and at the end, every profile holds a token that works (old or new,
 * never none, never half-replaced: the stored expiry is the one Meta gives the stored token);
 * the sweep job is not lost (pg-boss fails it by timeout and retries it on the new process);
 * every due token ends refreshed, exactly once.
 *
 * Time is compressed in two declared places: the sweep job is sent with a 20-second expiry
 * (production: 30 minutes) so pg-boss's timeout of the dead worker's job shows within seconds,
 * with a pg-boss supervisor in the test doing maintenance every second (a worker does it every
 * two minutes); and the dead worker's refresh leases (5 minutes of real time) are aged by SQL,
 * as if those minutes had passed.
 */
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Spawned } from '../helpers/process.ts';
import { APP_ID, APP_SECRET } from '../helpers/service.ts';
import { inspectTokens, storedTokens } from './population.ts';
import { chaosWorld, observer, postgresOnly, refreshedCount, startProcess, stopProcess, waitFor, type ChaosWorld } from './processes.ts';

const USERS = 520;
const DUE = 500;

type Call = { path: string; status: number };

postgresOnly('a worker killed mid-sweep and restarted', () => {
  let w: ChaosWorld;
  let worker: Spawned | undefined;
  let supervisor: PgBoss | undefined;

  beforeAll(async () => {
    // 500 tokens × 2 calls × 100 ms / 16 at once: a sweep of about 7 s, long enough to kill it mid-way.
    w = await chaosWorld({ users: USERS, due: DUE, latencyMs: 100 });
  }, 120_000);

  afterAll(async () => {
    await stopProcess(worker);
    await supervisor?.stop({ graceful: false, wait: true }).catch(() => {});
    await w?.close();
  });

  /** Every profile's stored token is valid at Meta, and the stored expiry is Meta's for it. */
  async function everyTokenWorks(db: ChaosWorld['database']['db']): Promise<number> {
    const stored = await storedTokens(db, w.vault);
    expect(stored.size).toBe(USERS);
    const ids = [...stored.keys()];
    const inspected = await inspectTokens(w.emulator.url, { id: APP_ID, secret: APP_SECRET }, ids.map((id) => stored.get(id)!.token));
    const broken = inspected.map((info, k) => ({ id: ids[k]!, info })).filter(({ id, info }) => !info.isValid || info.expiresAt * 1000 !== stored.get(id)!.expiresAt!.getTime());
    expect(broken, 'profiles without a working token, or with an expiry that is not their token’s').toEqual([]);
    return [...stored.values()].filter((row) => row.tokenVersion === 2).length;
  }

  it('keeps a working token for every profile, retries the lost job, and refreshes every due token once', async () => {
    const db = await observer(w.database.url!);
    try {
      worker = await startProcess('worker', w.env);
      const jobId = await w.boss.send('token-refresh', {}, { expireInSeconds: 20, retryDelay: 1, retryBackoff: false, retryLimit: 3 });
      const due = w.ids.slice(0, DUE);
      const atKill = await waitFor('the sweep to be under way', async () => {
        const n = await refreshedCount(db.db, due);
        return n >= DUE * 0.3 ? n : undefined;
      }, 60_000, 50);
      worker.child.kill('SIGKILL');
      const exit = await worker.exited;
      expect(exit.signal).toBe('SIGKILL');
      expect(atKill).toBeLessThan(DUE);

      // The moment of death: no profile is without a working token.
      const refreshedAtDeath = await everyTokenWorks(db.db);
      expect(refreshedAtDeath).toBeGreaterThanOrEqual(atKill);
      expect(refreshedAtDeath).toBeLessThan(DUE);
      const { rows: [job] } = await db.executeSql('select state from pgboss.job where id = $1', [jobId]);
      expect(job?.state, 'the dead worker’s job is still marked active').toBe('active');
      const leased = await db.db.selectFrom('meta_users').select('id').where('refresh_lease_owner', 'is not', null).execute();
      expect(leased.length, 'the dead worker held leases').toBeGreaterThan(0);
      // At most two per lane (16 lanes): the refreshes in flight and the batch claimed ahead.
      expect(leased.length).toBeLessThanOrEqual(32);

      // Five minutes pass for the leases (declared above); the worker comes back.
      await db.db.updateTable('meta_users').set({ refresh_lease_until: new Date(Date.now() - 1000) }).where('refresh_lease_owner', 'is not', null).execute();
      supervisor = new PgBoss({ connectionString: w.database.url!, schema: 'pgboss', supervise: true, schedule: false, migrate: false, maintenanceIntervalSeconds: 1, max: 2 });
      supervisor.on('error', () => {});
      await supervisor.start();
      worker = await startProcess('worker', w.env);

      await waitFor('pg-boss to retry the lost sweep and the retry to complete', async () => {
        const { rows } = await db.executeSql('select state, retry_count from pgboss.job where id = $1', [jobId]);
        return rows[0]?.state === 'completed' && Number(rows[0]?.retry_count) >= 1 ? rows[0] : undefined;
      }, 90_000, 500);

      expect(await refreshedCount(db.db, due)).toBe(DUE);
      expect(await everyTokenWorks(db.db)).toBe(DUE);
      const leftover = await db.db.selectFrom('meta_users').select('id').where('refresh_lease_owner', 'is not', null).execute();
      expect(leftover).toEqual([]);
      const events = await db.db.selectFrom('meta_user_events').select(['profile_id']).where('kind', '=', 'refreshed').execute();
      expect(events).toHaveLength(DUE);
      expect(new Set(events.map((e) => e.profile_id)).size).toBe(DUE);
      // Meta was asked at most once more than needed per token in flight at the kill.
      const calls = (await (await fetch(`${w.emulator.url}/__control/calls`)).json()) as { calls: Call[] };
      const exchanges = calls.calls.filter((c) => c.path === '/oauth/access_token').length;
      expect(exchanges).toBeGreaterThanOrEqual(DUE);
      expect(exchanges).toBeLessThanOrEqual(DUE + 16);
       
      console.info(`[chaos] killed with ${atKill}/${DUE} refreshed, ${leased.length} leases held; ${exchanges} exchanges in all`);
      expect((await stopProcess(worker))?.code).toBe(0);
    } finally {
      await db.close();
    }
  }, 240_000);
});
