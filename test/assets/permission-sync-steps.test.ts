/**
 * The steps of one profile's sync on their own: the plan (pure), the pixel read against a fake
 * Graph that counts calls and a store that hands out row ids, and the apply step on a real test
 * database. The whole sync against the emulator is in permission-sync.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyReading, desiredPermissions, planPixelReads, readPixels, type PixelReadDeps, type ProfileReading, type SharedPixels } from '../../src/assets/permission-sync-steps.ts';
import { profilePermissions, replacePixelLinks, upsertAssets } from '../../src/assets/assets.queries.ts';
import type { FoundAsset } from '../../src/assets/discovery.ts';
import type { Database } from '../../src/db/database.ts';
import { classifyGraphFailure } from '../../src/meta/classify.ts';
import { readGraphError } from '../../src/meta/error-body.ts';
import { GraphError } from '../../src/meta/graph-error.ts';
import type { NamedAsset } from '../../src/meta/helpers.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createMember, insertMetaUser, testVault } from '../helpers/factories.ts';

const asset = (metaId: string, tasks: string[] = [], businessMetaId: string | null = null): FoundAsset => ({ metaId, name: `Asset ${metaId}`, businessMetaId, tasks });

function graphError(status: number, error: { message: string; code: number; error_subcode?: number }): GraphError {
  const body = { error: { type: 'OAuthException', ...error } };
  return new GraphError({ method: 'GET', path: '/act_2/adspixels', status, fields: readGraphError(body), classification: classifyGraphFailure({ status, body }) });
}

/**
 * A Graph whose `adspixels` answers come from `pixels` (an Error is thrown), counting calls per
 * account; `failures` makes an account fail that many times before it answers.
 */
function fakeGraph(pixels: Record<string, NamedAsset[] | Error>, failures: Record<string, { times: number; error: Error }> = {}) {
  const calls: string[] = [];
  return {
    calls,
    count: (actId: string) => calls.filter((id) => id === actId).length,
    graph: {
      async adAccountPixels(_token: string, actId: string): Promise<NamedAsset[]> {
        calls.push(actId);
        await Promise.resolve();
        const failure = failures[actId];
        if (failure && failure.times > 0) {
          failure.times -= 1;
          throw failure.error;
        }
        const answer = pixels[actId];
        if (answer instanceof Error) throw answer;
        return answer ?? [];
      },
    },
  };
}

/** Row ids `row:<metaId>`, and every batch stored, as the asset upsert would see them. */
function fakeStore() {
  const batches: Array<Map<string, FoundAsset>> = [];
  const storePixels = async (found: Map<string, FoundAsset>) => {
    batches.push(new Map(found));
    return new Map([...found.keys()].map((metaId) => [metaId, `row:${metaId}`]));
  };
  return { batches, storePixels };
}

const deps = (graph: PixelReadDeps['graph'], storePixels: PixelReadDeps['storePixels']): PixelReadDeps => ({ graph, token: 'token', concurrency: 4, storePixels });
const accounts = (...metaIds: string[]) => new Map(metaIds.map((metaId) => [metaId, `row:${metaId}`]));

/** A profile reaching these accounts reads their pixels in a run that shares reads (no pixel owned, none stored already). */
const readSharing = (graph: PixelReadDeps['graph'], store: ReturnType<typeof fakeStore>, shared: SharedPixels, ...ids: string[]) =>
  readPixels(deps(graph, store.storePixels), planPixelReads(accounts(...ids), shared, new Set()), new Map(), shared);

describe('planPixelReads', () => {
  it('in a run, reads the accounts nobody claimed yet and takes the others from the run, in the profile’s order', () => {
    const shared: SharedPixels = new Map([['row:act_2', Promise.resolve(['row:501'])]]);
    expect(planPixelReads(accounts('act_1', 'act_2', 'act_3'), shared, new Set())).toEqual([
      { metaId: 'act_1', rowId: 'row:act_1', source: 'read' },
      { metaId: 'act_2', rowId: 'row:act_2', source: 'run' },
      { metaId: 'act_3', rowId: 'row:act_3', source: 'read' },
    ]);
  });

  it('alone, leaves the accounts an earlier holder has to it (their stored links) and reads the rest', () => {
    expect(planPixelReads(accounts('act_1', 'act_2'), undefined, new Set(['row:act_1']))).toEqual([
      { metaId: 'act_1', rowId: 'row:act_1', source: 'stored' },
      { metaId: 'act_2', rowId: 'row:act_2', source: 'read' },
    ]);
  });

  it('plans nothing for a profile without ad accounts', () => {
    expect(planPixelReads(new Map(), new Map(), new Set())).toEqual([]);
  });
});

describe('readPixels', () => {
  it('reads an account two profiles of a run share once, and a pixel two accounts use is stored once', async () => {
    const { graph, calls, count } = fakeGraph({ act_1: [{ id: '501', name: 'Pixel 501' }], act_2: [{ id: '501', name: 'Pixel 501' }], act_3: [{ id: '503' }] });
    const store = fakeStore();
    const shared: SharedPixels = new Map();
    // Each plan right before its read, as syncProfile does: the first claims act_1 and act_2.
    const first = readPixels(deps(graph, store.storePixels), planPixelReads(accounts('act_1', 'act_2'), shared, new Set()), new Map([['900', asset('900', [], '200001')]]), shared);
    const secondPlan = planPixelReads(accounts('act_2', 'act_3'), shared, new Set());
    expect(secondPlan.map((a) => a.source)).toEqual(['run', 'read']);
    const second = readPixels(deps(graph, store.storePixels), secondPlan, new Map(), shared);
    const [a, b] = await Promise.all([first, second]);

    expect(count('act_1')).toBe(1);
    expect(count('act_2')).toBe(1);
    expect(count('act_3')).toBe(1);
    expect(calls).toHaveLength(3);
    // The first profile: its BM's pixel and 501 stored in one batch, 501 once, linked to both accounts.
    expect([...store.batches[0]!.keys()].sort()).toEqual(['501', '900']);
    expect(store.batches[0]!.get('900')?.businessMetaId).toBe('200001');
    expect(a.ownedPixels).toEqual(['row:900']);
    expect(a.links.sort((x, y) => x.adAccountId.localeCompare(y.adAccountId))).toEqual([
      { adAccountId: 'row:act_1', pixelIds: ['row:501'] },
      { adAccountId: 'row:act_2', pixelIds: ['row:501'] },
    ]);
    // The second: act_2's pixels from the first one's answer, act_3 read itself.
    expect(b).toEqual({ ownedPixels: [], links: [{ adAccountId: 'row:act_3', pixelIds: ['row:503'] }], sharedPixels: ['row:501'], fromDb: [] });
    expect(await shared.get('row:act_2')).toEqual(['row:501']);
  });

  it('keeps the stored links of an account whose edge refused the token, for the reader and those waiting on it', async () => {
    const refused = graphError(403, { message: 'no permission', code: 200 });
    const { graph, count } = fakeGraph({ act_1: refused });
    const store = fakeStore();
    const shared: SharedPixels = new Map();
    const first = readSharing(graph, store, shared, 'act_1');
    const second = readSharing(graph, store, shared, 'act_1');
    expect(await first).toEqual({ ownedPixels: [], links: [], sharedPixels: [], fromDb: ['row:act_1'] });
    expect(await second).toEqual({ ownedPixels: [], links: [], sharedPixels: [], fromDb: ['row:act_1'] });
    expect(count('act_1')).toBe(1);
    expect(await shared.get('row:act_1')).toBeUndefined();
  });

  it('fails the reader of a shared account on a failed call; the profile waiting on it reads it again itself', async () => {
    const boom = graphError(500, { message: 'boom', code: 1 });
    // Fails once: the reader fails, the second reading succeeds for the waiting profile.
    const { graph, count } = fakeGraph({ act_2: [{ id: '502' }] }, { act_2: { times: 1, error: boom } });
    const store = fakeStore();
    const shared: SharedPixels = new Map();
    const first = readSharing(graph, store, shared, 'act_1', 'act_2');
    const second = readSharing(graph, store, shared, 'act_2');
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toEqual({ status: 'rejected', reason: boom });
    expect(b).toEqual({ status: 'fulfilled', value: { ownedPixels: [], links: [{ adAccountId: 'row:act_2', pixelIds: ['row:502'] }], sharedPixels: [], fromDb: [] } });
    expect(count('act_2')).toBe(2);
    // The run keeps null for it: a later profile reaching act_2 reads it itself too.
    expect(await shared.get('row:act_2')).toBeNull();
  });

  it('fails both users of a shared account the same way when the call keeps failing', async () => {
    const boom = graphError(500, { message: 'boom', code: 1 });
    const { graph, count } = fakeGraph({ act_2: boom });
    const store = fakeStore();
    const shared: SharedPixels = new Map();
    const first = readSharing(graph, store, shared, 'act_2');
    const second = readSharing(graph, store, shared, 'act_2');
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toEqual({ status: 'rejected', reason: boom });
    expect(b).toEqual({ status: 'rejected', reason: boom });
    expect(boom.classification.category).toBe('transient');
    expect(count('act_2')).toBe(2);
    // No pixel was stored from a failed read (the waiting profile's own, empty, batch only).
    expect(store.batches.filter((batch) => batch.size > 0)).toEqual([]);
  });

  it('alone, reads only its own accounts and takes the rest from the stored links', async () => {
    const { graph, calls } = fakeGraph({ act_2: [{ id: '502' }, { id: '503' }] });
    const store = fakeStore();
    const reading = await readPixels(deps(graph, store.storePixels), planPixelReads(accounts('act_1', 'act_2'), undefined, new Set(['row:act_1'])), new Map(), undefined);
    expect(calls).toEqual(['act_2']);
    expect(reading).toEqual({ ownedPixels: [], links: [{ adAccountId: 'row:act_2', pixelIds: ['row:502', 'row:503'] }], sharedPixels: [], fromDb: ['row:act_1'] });
    expect(store.batches.map((batch) => [...batch.values()])).toEqual([[
      { metaId: '502', name: '', businessMetaId: null, tasks: [] },
      { metaId: '503', name: '', businessMetaId: null, tasks: [] },
    ]]);
  });
});

describe('desiredPermissions', () => {
  it('gives every listed asset, with the tasks the lists say, and every pixel once however it was reached', () => {
    const reading: ProfileReading = {
      found: { adAccounts: new Map([['act_1', asset('act_1')]]), pages: new Map([['400001', asset('400001', ['ADVERTISE', 'ANALYZE'])]]) },
      accounts: new Map([['act_1', 'a1']]),
      pages: new Map([['400001', 'p1']]),
      catalogs: new Map([['600001', 'c1']]),
      ownedPixels: ['x1'],
      links: [{ adAccountId: 'a1', pixelIds: ['x1', 'x2'] }],
      sharedPixels: ['x3'],
      fromDb: ['a9'],
    };
    expect([...desiredPermissions(reading, ['x2', 'x4']).values()]).toEqual([
      { assetType: 'ad_account', assetId: 'a1', tasks: [] },
      { assetType: 'page', assetId: 'p1', tasks: ['ADVERTISE', 'ANALYZE'] },
      { assetType: 'catalog', assetId: 'c1', tasks: [] },
      { assetType: 'pixel', assetId: 'x1', tasks: [] },
      { assetType: 'pixel', assetId: 'x2', tasks: [] },
      { assetType: 'pixel', assetId: 'x3', tasks: [] },
      { assetType: 'pixel', assetId: 'x4', tasks: [] },
    ]);
  });
});

describe('applyReading', () => {
  let database: Database;
  let workspaceId: string;
  const at = new Date('2026-01-10T10:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = (await createMember(database.db)).workspaceId;
  });
  afterAll(async () => {
    await database?.close();
  });

  async function stored(type: 'ad_account' | 'page' | 'pixel', ...metaIds: string[]): Promise<Map<string, string>> {
    return (await upsertAssets(database.db, type, workspaceId, metaIds.map((metaId) => ({ metaId, name: `Asset ${metaId}`, businessId: null })), at)).ids;
  }

  async function setUp(status: 'active' | 'expired' = 'active') {
    const profile = await insertMetaUser(database.db, testVault(), { workspaceId, metaUserId: `10${Math.floor(Math.random() * 1e9)}`, token: 'EAAtoken', status });
    const accountIds = await stored('ad_account', 'act_1', 'act_2');
    const pageIds = await stored('page', '400001');
    const pixelIds = await stored('pixel', '501', '502');
    // act_2's pixel is linked already (read by an earlier holder).
    await database.db.transaction().execute((trx) => replacePixelLinks(trx, [{ adAccountId: accountIds.get('act_2')!, pixelIds: [pixelIds.get('502')!] }]));
    const reading = (pageTasks: string[]): ProfileReading => ({
      found: { adAccounts: new Map([['act_1', asset('act_1')], ['act_2', asset('act_2')]]), pages: new Map([['400001', asset('400001', pageTasks)]]) },
      accounts: accountIds,
      pages: pageIds,
      catalogs: new Map(),
      ownedPixels: [],
      links: [{ adAccountId: accountIds.get('act_1')!, pixelIds: [pixelIds.get('501')!] }],
      sharedPixels: [],
      fromDb: [accountIds.get('act_2')!],
    });
    const keys = async () => (await profilePermissions(database.db, profile.id)).map((row) => `${row.assetType}:${row.assetId}:${row.tasks.join('+')}`).sort();
    const expected = (tasks: string) => [
      `ad_account:${accountIds.get('act_1')}:`, `ad_account:${accountIds.get('act_2')}:`, `page:${pageIds.get('400001')}:${tasks}`,
      `pixel:${pixelIds.get('501')}:`, `pixel:${pixelIds.get('502')}:`,
    ].sort();
    return { profile, reading, keys, expected };
  }

  it('writes the links read and the permissions, pixels of stored links included; a second apply writes nothing', async () => {
    const { profile, reading, keys, expected } = await setUp();
    const first = await database.db.transaction().execute((trx) => applyReading(trx, profile.id, reading(['ANALYZE']), at));
    expect(first?.linkCounts).toEqual({ added: 1, removed: 0 });
    expect(first?.diff.added).toHaveLength(5);
    expect(first?.written).toBe(6);
    expect(await keys()).toEqual(expected('ANALYZE'));

    const again = await database.db.transaction().execute((trx) => applyReading(trx, profile.id, reading(['ANALYZE']), at));
    expect(again).toEqual({ diff: { added: [], removed: [], changed: [] }, linkCounts: { added: 0, removed: 0 }, written: 0 });

    // Meta now says other tasks on the page: that row changes, nothing else.
    const changed = await database.db.transaction().execute((trx) => applyReading(trx, profile.id, reading(['ADVERTISE', 'ANALYZE']), at));
    expect(changed?.diff.changed).toHaveLength(1);
    expect(changed?.diff.added.length).toBe(0);
    expect(await keys()).toEqual(expected('ADVERTISE+ANALYZE'));
  });

  it('gives nothing to a profile that is no longer Active, and writes nothing', async () => {
    const { profile, reading, keys } = await setUp('expired');
    const result = await database.db.transaction().execute((trx) => applyReading(trx, profile.id, reading([]), at));
    expect(result).toBeUndefined();
    expect(await keys()).toEqual([]);
  });
});
