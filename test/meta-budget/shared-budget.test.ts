import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { shareMetaBudget } from '../../src/meta-budget/shared-budget.ts';
import { createGraphClient, type GraphClient } from '../../src/meta/graph-client.ts';
import { memoryLogger } from '../helpers/app.ts';
import { createTestDatabase, usingPostgres } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

/**
 * Two processes on one PostgreSQL (two pools, two Graph clients): what one learns from Meta's
 * usage headers reaches the other through the database and the change feed.
 */
describe.skipIf(!usingPostgres())('one Meta budget shared through PostgreSQL', () => {
  let first: Database & { url?: string };
  let second: Database;
  let a: GraphClient;
  let b: GraphClient;
  const closers: Array<() => Promise<void>> = [];
  const clock = new ManualClock(Date.now());
  const buc = (pct: number, minutes: number) => ({ 'X-Business-Use-Case-Usage': JSON.stringify({ '4242': [{ type: 'ads_management', call_count: pct, total_cputime: 0, total_time: 0, estimated_time_to_regain_access: minutes }] }) });

  beforeAll(async () => {
    first = await createTestDatabase();
    second = await openDatabase({ databaseUrl: first.url!, poolSize: 2 });
    const client = () => createGraphClient({ graphUrl: 'http://127.0.0.1:9', graphVersion: DEFAULT_GRAPH_VERSION, appId: '1', appSecret: 'secret-secret-secret', clock });
    a = client();
    b = client();
    const { logger } = memoryLogger();
    for (const [db, graph] of [[first, a], [second, b]] as const) {
      const shared = shareMetaBudget({ db: db.db, changes: db.changes, usage: graph.usage, logger, now: () => clock.now() });
      closers.push(() => shared.close());
    }
    await waitFor('both change feeds to listen', async () => (await first.changes.sync()) && (await second.changes.sync()));
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await a.close();
    await b.close();
    await second.close();
    await first.close();
  });

  const known = (graph: GraphClient) => graph.usageSnapshot().businesses['4242']?.[0];

  it('a block one process met is known to the other at once', async () => {
    expect(known(b)).toBeUndefined();
    a.observeUsage(buc(100, 3), 'act_4242');
    await expect.poll(() => known(b)?.estimatedTimeToRegainAccessMinutes, { timeout: 5_000 }).toBe(3);
    expect(known(b)).toMatchObject({ callCount: 100, type: 'ads_management' });
  });

  it('the newest figure wins, whoever learnt it; small moves are not written', async () => {
    clock.advance(1000);
    b.observeUsage(buc(20, 0), 'act_4242');
    await expect.poll(() => known(a)?.callCount, { timeout: 5_000 }).toBe(20);
    const row = await first.db.selectFrom('meta_usage').selectAll().where('key', '=', 'business:4242:ads_management').executeTakeFirstOrThrow();
    clock.advance(1000);
    a.observeUsage(buc(22, 0), 'act_4242');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await first.db.selectFrom('meta_usage').selectAll().where('key', '=', 'business:4242:ads_management').executeTakeFirstOrThrow();
    expect(after.updated_at).toEqual(row.updated_at);
  });

  it('a process starting later reads what is known', async () => {
    const late = await openDatabase({ databaseUrl: first.url!, poolSize: 2 });
    const c = createGraphClient({ graphUrl: 'http://127.0.0.1:9', graphVersion: DEFAULT_GRAPH_VERSION, appId: '1', appSecret: 'secret-secret-secret', clock });
    const shared = shareMetaBudget({ db: late.db, changes: late.changes, usage: c.usage, logger: memoryLogger().logger, now: () => clock.now() });
    try {
      await expect.poll(() => known(c)?.callCount, { timeout: 5_000 }).toBe(20);
    } finally {
      await shared.close();
      await c.close();
      await late.close();
    }
  });

  it('a process closing right after its start (a CLI command) waits for its first read and logs nothing', async () => {
    for (let i = 0; i < 5; i++) {
      const brief = await openDatabase({ databaseUrl: first.url!, poolSize: 2 });
      const c = createGraphClient({ graphUrl: 'http://127.0.0.1:9', graphVersion: DEFAULT_GRAPH_VERSION, appId: '1', appSecret: 'secret-secret-secret', clock });
      const { logger, lines } = memoryLogger();
      const shared = shareMetaBudget({ db: brief.db, changes: brief.changes, usage: c.usage, logger, now: () => clock.now() });
      await shared.close();
      await c.close();
      await brief.close();
      // The read finished before the database closed: what it read was applied, nothing was cut off.
      expect(lines.filter((line) => line.includes('"level":40'))).toEqual([]);
      expect(known(c)?.callCount).toBe(20);
    }
  });
});
