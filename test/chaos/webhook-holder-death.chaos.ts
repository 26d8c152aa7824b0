/**
 * A `wevion serve` killed with SIGKILL while it holds webhooks it has answered 200 and not yet
 * processed (each stored leased to it, to be processed from memory). Nothing is lost: every
 * answered delivery is stored; once the dead process's leases end, the minute sweep of a
 * restarted process processes each one, and every permission change in them is recorded and
 * checked exactly once.
 *
 * The process is caught holding them by a lock: the test holds `meta_permission_changes`, which
 * processing writes and the intake never touches, so the deliveries are stored and answered while
 * their processing waits. Time is compressed in two declared places: the leases (60 s of real
 * time) are aged by SQL, as if that minute had passed, and the sweep is sent by the test rather
 * than awaited from its every-minute schedule.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { hubSignature } from '../../src/meta-signals/hub-signature.ts';
import { freePort, type Spawned } from '../helpers/process.ts';
import { APP_SECRET } from '../helpers/service.ts';
import { userIdOf } from './population.ts';
import { chaosWorld, observer, postgresOnly, startProcess, stopProcess, waitFor, type ChaosWorld } from './processes.ts';

const PEOPLE = 40;
const UNKNOWN_PER_DELIVERY = 99;

postgresOnly('a serve killed holding webhooks it answered', () => {
  let w: ChaosWorld;
  let serve: Spawned | undefined;
  let worker: Spawned | undefined;
  let holder: pg.Client | undefined;

  beforeAll(async () => {
    w = await chaosWorld({ users: PEOPLE, due: 0, latencyMs: 0 });
  }, 120_000);

  afterAll(async () => {
    await holder?.end().catch(() => {});
    await stopProcess(serve);
    await stopProcess(worker);
    await w?.close();
  });

  /** Person i's `ads_read` revoked, beside 99 changes about people nobody connected. */
  function delivery(i: number, time: number): string {
    const person = userIdOf(i);
    const strangers = Array.from({ length: UNKNOWN_PER_DELIVERY }, (_, k) => {
      const uid = `66${String(i).padStart(4, '0')}${String(k).padStart(4, '0')}`;
      return { id: uid, uid, time, changes: [{ field: 'ads_read', value: { verb: 'revoked' } }] };
    });
    return JSON.stringify({ object: 'permissions', entry: [{ id: person, uid: person, time, changes: [{ field: 'ads_read', value: { verb: 'revoked' } }] }, ...strangers] });
  }

  it('loses none: the leases end, the sweep processes each delivery, every change recorded and checked once', async () => {
    const db = await observer(w.database.url!);
    const count = async (query: string) => Number(((await db.executeSql(query)).rows[0] as { n: number | string }).n);
    try {
      const port = await freePort();
      serve = await startProcess('serve', { ...w.env, PORT: String(port) });
      holder = new pg.Client({ connectionString: w.database.url! });
      await holder.connect();
      await holder.query('begin');
      await holder.query('lock table meta_permission_changes in exclusive mode');

      const time = Math.floor(Date.now() / 1000);
      const answers = await Promise.all(
        Array.from({ length: PEOPLE }, async (_, i) => {
          const body = delivery(i, time);
          const response = await fetch(`http://127.0.0.1:${port}/connect/meta/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(body, APP_SECRET) } });
          return response.status;
        }),
      );
      expect(answers).toEqual(Array.from({ length: PEOPLE }, () => 200));

      // Every answered delivery is stored, leased to the process, and none is processed: it waits on the lock.
      expect(await count(`select count(*)::int as n from meta_signals where kind = 'webhook'`)).toBe(PEOPLE);
      expect(await count(`select count(*)::int as n from meta_signals where processed_at is null and claimed_until > now() and attempts = 1`)).toBe(PEOPLE);
      await waitFor('the process to be waiting on the lock', async () => (await count(`select count(*)::int as n from pg_locks where relation = 'meta_permission_changes'::regclass and not granted`)) > 0, 10_000);

      serve.child.kill('SIGKILL');
      expect((await serve.exited).signal).toBe('SIGKILL');
      serve = undefined;
      await holder.query('rollback');
      await holder.end();
      holder = undefined;

      // Nobody takes them while the dead process's leases hold.
      worker = await startProcess('worker', w.env);
      await w.boss.send('meta-signals-process', {});
      await waitFor('the sweep sent before the leases end to have run', async () => (await count(`select count(*)::int as n from pgboss.job where name = 'meta-signals-process' and state = 'completed'`)) >= 1, 30_000);
      expect(await count(`select count(*)::int as n from meta_signals where processed_at is null`)).toBe(PEOPLE);

      // The leases end (aged by SQL, as if their minute had passed); the minute sweep takes every delivery.
      await db.executeSql(`update meta_signals set claimed_until = now() - interval '1 second' where processed_at is null`);
      await w.boss.send('meta-signals-process', {});
      await waitFor('every delivery to be processed', async () => (await count(`select count(*)::int as n from meta_signals where processed_at is null`)) === 0, 60_000);

      const rows = (await db.executeSql(`select attempts, outcome from meta_signals where kind = 'webhook'`)).rows as Array<{ attempts: number; outcome: Record<string, number> }>;
      expect(rows).toHaveLength(PEOPLE);
      for (const row of rows) {
        expect(row.attempts).toBe(2);
        // The dead process's write may have landed when the lock went (its backend finished the statement): then the change is found recorded.
        expect((row.outcome.permission ?? 0) + (row.outcome.duplicate ?? 0)).toBe(1);
        expect(row.outcome).toMatchObject({ unknown_person: UNKNOWN_PER_DELIVERY, permissionChecks: 1 });
      }
      expect(await count(`select count(*)::int as n from meta_permission_changes`)).toBe(PEOPLE);
      expect(await count(`select count(*)::int as n from pgboss.job where name = 'meta-permission-check'`)).toBe(PEOPLE);
    } finally {
      await db.close();
    }
  });
});
