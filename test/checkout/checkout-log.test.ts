/**
 * The checkout throttle that holds across processes: checkout logs on one database (web
 * processes, each with its own memory) share a key's bucket, because each takes from it with one
 * atomic upsert before it writes. On both engines; on PostgreSQL they write through different
 * pooled connections at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { createCheckoutLog } from '../../src/checkout/checkout-log.ts';
import type { CheckoutRecord } from '../../src/checkout/checkouts.queries.ts';
import type { Database } from '../../src/db/database.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createMember } from '../helpers/factories.ts';

describe('the checkout log: one bucket per key for every process', () => {
  let database: Database;
  let workspaceId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = (await createMember(database.db, { workspace: 'Launcher' })).workspaceId;
  });
  afterAll(() => database?.close());

  const newKey = async () => (await createApiKey(database.db, { workspace: 'Launcher', name: `key-${randomUUID()}`, scopes: ['tokens:checkout'] })).id;
  const record = (apiKeyId: string, at: number): CheckoutRecord => ({
    id: randomUUID(),
    workspaceId,
    apiKeyId,
    profileId: null,
    metaUserId: '10001',
    tokenVersion: 1,
    assetType: null,
    assetId: null,
    purpose: 'ads_read',
    createdAt: new Date(at),
    expiresAt: new Date(at + 900_000),
  });
  const outcomes = (results: PromiseSettledResult<void>[]) => ({
    written: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string; details: { retryAfterSeconds: number } }] : [])),
  });
  const written = async (apiKeyId: string) =>
    Number((await database.db.selectFrom('token_checkouts').select((eb) => eb.fn.countAll<string>().as('n')).where('api_key_id', '=', apiKeyId).executeTakeFirstOrThrow()).n);

  it('processes writing at once: exactly the bucket is written, the rest is rate_limited with the wait until it refills', async () => {
    const key = await newKey();
    // Eight processes, three checkouts each, at the same moment; the key may have five a minute
    // (one every 12 s once its burst of five is spent).
    const logs = Array.from({ length: 8 }, () => createCheckoutLog(database.db, { perMinute: 5 }));
    const [first, second] = [logs[0]!, logs[1]!];
    const t0 = Date.parse('2026-12-03T10:00:00Z');
    const results = await Promise.allSettled(logs.flatMap((log) => Array.from({ length: 3 }, (_, i) => log.write(record(key, t0 + i)))));
    const { written: ok, refused } = outcomes(results);
    expect(ok).toBe(5);
    expect(refused).toHaveLength(19);
    for (const e of refused) expect(e).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 12 } });
    expect(await written(key), 'a refused checkout is not recorded').toBe(5);

    // 6 s on, half a checkout has come back: still refused, by any process; 13 s on, one fits.
    const early = await second.write(record(key, t0 + 6_000)).catch((error: unknown) => error as { code: string; details: { retryAfterSeconds: number } });
    expect(early).toMatchObject({ code: 'rate_limited' });
    expect((early as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThanOrEqual(6);
    expect((early as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeLessThanOrEqual(7);
    await expect(first.write(record(key, t0 + 13_000))).resolves.toBeUndefined();
    await expect(second.write(record(key, t0 + 13_001))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await written(key)).toBe(6);
  });

  it('keys do not share a bucket, and without a limit every record is written', async () => {
    const [busy, quiet] = [await newKey(), await newKey()];
    const log = createCheckoutLog(database.db, { perMinute: 2 });
    const t0 = Date.parse('2026-12-03T11:00:00Z');
    const results = await Promise.allSettled([busy, busy, busy, quiet, quiet].map((key, i) => log.write(record(key, t0 + i))));
    expect(outcomes(results).written).toBe(4);
    expect([await written(busy), await written(quiet)]).toEqual([2, 2]);

    const unlimited = createCheckoutLog(database.db);
    await Promise.all(Array.from({ length: 5 }, (_, i) => unlimited.write(record(busy, t0 + 10 + i))));
    expect(await written(busy)).toBe(7);
  });
});
