import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BARRIER, CHANGES_CHANNEL, postgresChangeFeed, type ChangeFeed } from '../../src/db/change-feed.ts';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase, usingPostgres } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The PostgreSQL change feed's barrier: `sync()` waits for a round trip on the listening
 * connection sent after the call; `sync(since)` may reuse one sent after `since` (one request's
 * several cached reads share a round trip). Embedded PGlite has no barrier: nothing to test.
 */
describe.skipIf(!usingPostgres())('the change feed barrier (PostgreSQL)', () => {
  let database: Database & { url?: string };
  let feed: ChangeFeed;
  const heard: Array<string | null> = [];
  const barriers = vi.spyOn(pg.Client.prototype, 'query');
  const roundTrips = () => barriers.mock.calls.filter(([text]) => text === BARRIER).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    feed = postgresChangeFeed(database.url!, { applicationName: 'wevion-feed-test' });
    feed.subscribe((payload) => heard.push(payload));
    await waitFor('the change feed in sync', () => feed.sync());
  });

  afterAll(async () => {
    barriers.mockRestore();
    await feed?.close();
    await database?.close();
  });

  it('reuses a round trip sent after `since`, and makes one for a plain sync', async () => {
    const since = performance.now();
    expect(await feed.sync()).toBe(true);
    const before = roundTrips();
    expect(await feed.sync(since)).toBe(true);
    expect(await feed.sync(since)).toBe(true);
    expect(roundTrips()).toBe(before);
    expect(await feed.sync()).toBe(true);
    expect(roundTrips()).toBe(before + 1);
  });

  it('makes a new round trip when the last one was sent before `since`, and hears the change committed in between', async () => {
    const early = performance.now();
    expect(await feed.sync()).toBe(true);
    await sql`select pg_notify(${CHANGES_CHANNEL}, 'test:committed-later')`.execute(database.db);
    const since = performance.now();
    const before = roundTrips();
    expect(await feed.sync(since)).toBe(true);
    expect(roundTrips(), 'the earlier round trip was sent before the commit: not enough').toBe(before + 1);
    expect(heard).toContain('test:committed-later');
    // A reading from before the commit may still reuse the latest round trip.
    expect(await feed.sync(early)).toBe(true);
    expect(roundTrips()).toBe(before + 1);
  });

  it('sends one round trip for every caller of one turn of the event loop, even across awaits', async () => {
    expect(await feed.sync()).toBe(true);
    const before = roundTrips();
    const first = feed.sync();
    // Two requests read in the same turn reach the feed microtasks apart, not in one call stack.
    await Promise.resolve();
    await Promise.resolve();
    const second = feed.sync();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(roundTrips()).toBe(before + 1);
  });
});
