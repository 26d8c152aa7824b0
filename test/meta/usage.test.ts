import { describe, expect, it } from 'vitest';
import { parseUsageHeaders, regainEstimateMs } from '../../src/meta/usage-headers.ts';
import { UsageTracker } from '../../src/meta/usage.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const app = (pct: number) => ({ 'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: 1, total_time: 1 }) });
const buc = (id: string, pct: number, minutes = 0, type = 'ads_management') => ({
  'x-business-use-case-usage': JSON.stringify({ [id]: [{ type, call_count: pct, total_cputime: 0, total_time: 0, estimated_time_to_regain_access: minutes }] }),
});

describe('usage header parsing', () => {
  it('parses the three headers', () => {
    const parsed = parseUsageHeaders({
      ...app(30),
      ...buc('act_77', 40, 2),
      'x-ad-account-usage': '{"acc_id_util_pct":9.67,"reset_time_duration":100,"ads_api_access_tier":"standard_access"}',
    });
    expect(parsed.app).toEqual({ callCount: 30, totalCputime: 1, totalTime: 1 });
    expect(parsed.business?.['77']?.[0]).toMatchObject({ type: 'ads_management', callCount: 40, estimatedTimeToRegainAccessMinutes: 2 });
    expect(parsed.adAccount).toEqual({ accIdUtilPct: 9.67, resetTimeDurationSeconds: 100 });
  });

  it('tolerates malformed JSON and odd types', () => {
    expect(parseUsageHeaders({ 'x-app-usage': '{call_count:1', 'x-business-use-case-usage': '[]', 'x-ad-account-usage': 'null' })).toEqual({});
    expect(parseUsageHeaders({ 'x-app-usage': '{"call_count":"12","total_time":-4,"total_cputime":"x"}' }).app).toEqual({ callCount: 12, totalCputime: 0, totalTime: 0 });
    expect(parseUsageHeaders({ 'x-business-use-case-usage': '{"1":"nope","2":[null,5]}' })).toEqual({});
    expect(regainEstimateMs({ 'x-business-use-case-usage': 'garbage' })).toBe(0);
  });
});

describe('UsageTracker throttling', () => {
  it('does not wait below 75 %', () => {
    const t = new UsageTracker();
    t.record(app(74), undefined, T0);
    expect(t.reserve(undefined, T0).waitMs).toBe(0);
    expect(t.reserve(undefined, T0).waitMs).toBe(0);
  });

  it('spaces calls above 75 %, more as usage grows, reserving slots for concurrent callers', () => {
    const t = new UsageTracker();
    t.record(app(75), undefined, T0);
    expect(t.reserve(undefined, T0).waitMs).toBe(0);
    expect(t.reserve(undefined, T0).waitMs).toBe(500);
    expect(t.reserve(undefined, T0).waitMs).toBe(1000);
    const u = new UsageTracker();
    u.record(app(85), undefined, T0);
    u.reserve(undefined, T0);
    expect(u.reserve(undefined, T0).waitMs).toBe(2750);
  });

  it('holds at 95 % until the BUC regain estimate, for that object only', () => {
    const t = new UsageTracker();
    t.record(buc('123', 96, 4), 'act_123', T0);
    const d = t.reserve('act_123', T0 + 60_000);
    expect(d).toMatchObject({ waitMs: 180_000, held: true, scope: 'business', objectId: '123' });
    expect(t.reserve('456', T0).waitMs).toBe(0);
    expect(t.reserve(undefined, T0).waitMs).toBe(0);
  });

  it('holds whenever Meta gives a regain estimate, whatever the percentage', () => {
    const t = new UsageTracker();
    t.record(buc('9', 20, 1), '9', T0);
    expect(t.reserve('9', T0).waitMs).toBe(60_000);
  });

  it('holds the app budget at 95 % for the default hold, then lets a call through', () => {
    const t = new UsageTracker();
    t.record(app(99), undefined, T0);
    expect(t.reserve('anything', T0 + 10_000)).toMatchObject({ waitMs: 50_000, held: true, scope: 'app' });
    // after the hold, the figure is old news: calls only keep the maximum spacing
    expect(t.reserve(undefined, T0 + 120_000).waitMs).toBe(0);
    expect(t.reserve(undefined, T0 + 120_000).waitMs).toBe(5_000);
  });

  it('holds an ad account at its limit for reset_time_duration', () => {
    const t = new UsageTracker();
    t.record({ 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":30}' }, 'act_5', T0);
    expect(t.reserve('5', T0).waitMs).toBe(30_000);
    // the first call after the hold got a slot; the next one keeps the maximum spacing behind it
    expect(t.reserve('act_5', T0 + 31_000).waitMs).toBe(4_000);
  });

  it('ignores figures older than an hour and exposes a snapshot', () => {
    const t = new UsageTracker();
    t.record({ ...app(99), ...buc('1', 50) }, undefined, T0);
    expect(t.reserve(undefined, T0 + 3_600_001).waitMs).toBe(0);
    const s = t.snapshot();
    expect(s.app).toMatchObject({ callCount: 99, updatedAt: T0 });
    expect(s.businesses['1']?.[0]).toMatchObject({ type: 'ads_management', callCount: 50 });
  });

  it('keeps the latest figure per business use case type', () => {
    const t = new UsageTracker();
    t.record(buc('1', 10, 0, 'ads_insights'), undefined, T0);
    t.record(buc('1', 20, 0, 'ads_management'), undefined, T0);
    t.record(buc('1', 30, 0, 'ads_insights'), undefined, T0 + 1);
    expect(t.snapshot().businesses['1']?.map((e) => [e.type, e.callCount])).toEqual([
      ['ads_insights', 30],
      ['ads_management', 20],
    ]);
  });
});

describe('UsageTracker first call to an object it knows nothing of', () => {
  const adAccount = (pct: number, reset = 0) => ({ 'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: pct, reset_time_duration: reset }) });

  it('lets one call ask Meta while the others wait for its answer, then throttles them all by it', async () => {
    const t = new UsageTracker();
    const first = t.probe('act_9', T0);
    expect(first?.done).toBeTypeOf('function');
    const second = t.probe('9', T0);
    expect(second?.wait).toBeInstanceOf(Promise);
    let woken = false;
    void second!.wait!.then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    // The first answer: the account is at its limit for 60 s.
    t.record(adAccount(100, 60), 'act_9', T0 + 100);
    first!.done!();
    await second!.wait;
    expect(woken).toBe(true);
    expect(t.reserve('act_9', T0 + 100)).toMatchObject({ held: true, waitMs: 60_000 });
    // Known now: no one is held back to ask again.
    expect(t.probe('act_9', T0 + 200)).toBeUndefined();
  });

  it('does not hold back calls without an object, or a second time when the answer carried no figure', () => {
    const t = new UsageTracker();
    expect(t.probe(undefined, T0)).toBeUndefined();
    t.probe('act_5', T0)!.done!();
    expect(t.probe('act_5', T0 + 1_000)).toBeUndefined();
    // Once the hour has gone by, the object is unknown again.
    expect(t.probe('act_5', T0 + 3_600_000)?.done).toBeTypeOf('function');
  });

  it('a figure another process shared counts as known', () => {
    const t = new UsageTracker();
    t.apply({ kind: 'ad_account', key: 'ad_account:7', objectId: '7', figures: { accIdUtilPct: 10, resetTimeDurationSeconds: 0 }, updatedAt: T0 });
    expect(t.probe('act_7', T0 + 10)).toBeUndefined();
  });
});

describe('UsageTracker sharing figures between processes', () => {
  it('announces what is worth telling (5 points, a threshold, a regain estimate, 5 minutes), not every answer', () => {
    const t = new UsageTracker();
    const told: string[] = [];
    t.onAnnounce((figure) => told.push(`${figure.key}@${figure.kind === 'business' ? figure.figures.callCount : '-'}`));
    t.record(buc('act_77', 40), 'act_77', T0);
    t.record(buc('act_77', 42), 'act_77', T0 + 1);
    t.record(buc('act_77', 44), 'act_77', T0 + 2);
    t.record(buc('act_77', 46), 'act_77', T0 + 3);
    t.record(buc('act_77', 74), 'act_77', T0 + 4);
    t.record(buc('act_77', 76), 'act_77', T0 + 5); // into the spaced zone
    t.record(buc('act_77', 77), 'act_77', T0 + 6);
    t.record(buc('act_77', 77, 2), 'act_77', T0 + 7); // Meta gives a regain estimate
    t.record(buc('act_77', 77, 2), 'act_77', T0 + 5 * 60_000 + 7);
    expect(told).toEqual(['business:77:ads_management@40', 'business:77:ads_management@46', 'business:77:ads_management@74', 'business:77:ads_management@76', 'business:77:ads_management@77', 'business:77:ads_management@77']);
  });

  it('a figure another process learnt counts here (a block it met holds calls here), and is not told back', () => {
    const learner = new UsageTracker();
    const other = new UsageTracker();
    const told: unknown[] = [];
    other.onAnnounce((figure) => told.push(figure));
    let shared: Parameters<UsageTracker['apply']>[0] | undefined;
    learner.onAnnounce((figure) => (shared = figure));
    learner.record(buc('act_88', 100, 3), 'act_88', T0);
    expect(other.reserve('act_88', T0 + 1000).waitMs).toBe(0);
    other.apply(shared!);
    expect(other.reserve('act_88', T0 + 1000).waitMs).toBe(3 * 60_000 - 1000);
    expect(told).toEqual([]);
    // An older figure does not replace what this process knows.
    other.record(buc('act_88', 10), 'act_88', T0 + 2000);
    other.apply({ ...shared!, updatedAt: T0 + 1500 });
    expect(other.reserve('act_88', T0 + 2500).waitMs).toBe(0);
  });
});
