import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { createEmptyDatabase, createTestDatabase, usingPostgres } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

describe('database', () => {
  let database: Database & { url?: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('has every numbered migration applied once, and migrating again does nothing', async () => {
    const rows = await database.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(rows.map((row) => row.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(database.db)).toEqual({ applied: [] });
  });

  it('lets two processes migrate a new database at once: the advisory lock makes each migration run once', async () => {
    const fresh = await createEmptyDatabase();
    try {
      // Two handles (two pools on PostgreSQL, as two processes would have) race on an empty schema.
      const [a, b] = await Promise.all([migrate(fresh.first.db), migrate(fresh.second.db)]);
      const all = listMigrations().map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
      expect([...a.applied, ...b.applied].sort()).toEqual(all);
      expect(a.applied.length === 0 || b.applied.length === 0).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('never interleaves pg-boss statements with our open transaction (one PGlite connection)', async () => {
    await sql`create table if not exists isolation_probe (id int primary key, note text)`.execute(database.db);
    // The statements pg-boss hands to our database, so the test can wait for its send to be issued.
    const issued: string[] = [];
    const executeSql = (text: string, values?: unknown[]) => {
      issued.push(text);
      return database.executeSql(text, values);
    };
    const boss = new PgBoss({ db: { executeSql }, schema: 'pgboss', supervise: false, schedule: false, migrate: false });
    await boss.start();
    await boss.createQueue('probe');
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
    const order: string[] = [];
    const ours = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('isolation_probe' as never).values({ id: 1, note: 'ours' } as never).execute();
      order.push('ours:inserted');
      await held;
      // Roll back: if pg-boss's insert had run inside our transaction, it would vanish too.
      throw new Error('rollback on purpose');
    });
    // pg-boss sends while our transaction is open (its insert done) and waits for it.
    await waitFor('our insert', () => order.includes('ours:inserted'), 5_000, 5);
    const before = issued.length;
    const sending = boss.send('probe', { hello: 'world' }).then((id) => {
      order.push('boss:sent');
      return id;
    });
    // Released once pg-boss has handed its insert of the job to the database, not after a guess.
    await waitFor('pg-boss to issue its insert', () => issued.slice(before).some((text) => /insert into/i.test(text)), 5_000, 5);
    releaseTransaction();
    await expect(ours).rejects.toThrow('rollback on purpose');
    const jobId = await sending;
    expect(jobId).toBeTruthy();
    const probe = await sql<{ n: number }>`select count(*)::int as n from isolation_probe`.execute(database.db);
    expect(probe.rows[0]?.n).toBe(0);
    const job = await boss.getJobById('probe', jobId!);
    expect(job?.data).toEqual({ hello: 'world' });
    if (!usingPostgres()) {
      // On PGlite the send had to wait for our transaction to end.
      expect(order).toEqual(['ours:inserted', 'boss:sent']);
    }
    await boss.stop({ graceful: false, close: false, wait: true });
  });

  it('keeps concurrent transactions from two code paths isolated', async () => {
    await sql`create table if not exists counter_probe (id int primary key, n int not null)`.execute(database.db);
    await sql`insert into counter_probe values (1, 0) on conflict (id) do update set n = 0`.execute(database.db);
    const increment = () =>
      database.db.transaction().execute(async (trx) => {
        const row = await sql<{ n: number }>`select n from counter_probe where id = 1 for update`.execute(trx);
        // A turn of the event loop with the row held, so the other increments issue their
        // statements in between: without the lock they would read the same n and updates get lost.
        await new Promise((resolve) => setImmediate(resolve));
        await sql`update counter_probe set n = ${(row.rows[0]?.n ?? 0) + 1} where id = 1`.execute(trx);
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    const result = await sql<{ n: number }>`select n from counter_probe where id = 1`.execute(database.db);
    expect(result.rows[0]?.n).toBe(20);
  });
});
