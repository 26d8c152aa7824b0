/**
 * Clock edges: a token expiring exactly at the refresh window's edge (and one second past it), a
 * token expiring exactly now, a sweep that straddles a token's expiry (Meta's clock passes it
 * while the exchange is in flight), and the schedule across daylight-saving changes in
 * SCHEDULE_TIME_ZONE=Europe/Rome, computed by pg-boss's cron rule (on its cron-parser) on the
 * schedule rows our queue writes.
 */
import { createRequire } from 'node:module';
import cronParser from 'cron-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { memoryLogger } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';
import { createMember } from '../helpers/factories.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';
import { DAY_MS, insertProfiles, mintTokens } from './population.ts';

const WINDOW_MS = 7 * DAY_MS;

describe('refresh at the edges of time', () => {
  let s: TestService;
  let workspaceId: string;
  let memberId: string;

  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
    // Whole seconds: Meta's expiries are epoch seconds, so the edges can be hit exactly.
    s.clock.set(Math.floor(s.clock.now() / 1000) * 1000);
    await s.control('POST', '/__control/clock', { now: new Date(s.clock.now()).toISOString() });
    const member = await createMember(s.database.db, { workspace: 'Edges', role: 'admin' });
    workspaceId = member.workspaceId;
    memberId = member.id;
  });
  afterAll(() => s?.close());

  async function profile(userId: string, expiresAt: number): Promise<string> {
    const minted = (await mintTokens(s.emulatorUrl, APP_ID, [userId], expiresAt)).get(userId)!;
    expect(minted.expiresAt.getTime()).toBe(expiresAt);
    const [id] = await insertProfiles(s.database.db, s.vault, workspaceId, memberId, [{ metaUserId: userId, token: minted.token, expiresAt: minted.expiresAt }]);
    return id!;
  }
  const row = (id: string) => s.database.db.selectFrom('meta_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const sweep = async () => (await s.application.queue.runNow('token-refresh', {})) as Record<string, number>;
  const clean = async () => {
    await s.database.db.deleteFrom('notifications').execute();
    await s.database.db.deleteFrom('meta_users').execute();
  };

  it('a token expiring exactly at the window edge is due; one second later is not, until a second passes', async () => {
    const now = s.clock.now();
    const atEdge = await profile('10001', now + WINDOW_MS);
    const pastEdge = await profile('10002', now + WINDOW_MS + 1000);
    expect(await sweep()).toMatchObject({ checked: 1, refreshed: 1, failed: 0 });
    expect((await row(atEdge)).token_version).toBe(2);
    expect((await row(pastEdge)).token_version).toBe(1);
    await s.advance(1);
    expect(await sweep()).toMatchObject({ checked: 1, refreshed: 1 });
    expect((await row(pastEdge)).token_version).toBe(2);
    expect(await sweep()).toMatchObject({ checked: 0 });
    await clean();
  });

  it('a token expiring exactly now: Meta and we agree it is over — Expired (190/463), told once, never refreshed', async () => {
    const now = s.clock.now();
    const id = await profile('10001', now);
    const first = await sweep();
    const after = await row(id);
    // Meta treats expires_at as the end: the exchange is refused, and the check confirms it.
    expect(first).toMatchObject({ checked: 1, refreshed: 0, failed: 1 });
    expect(after.status).toBe('expired');
    expect(after.last_error).toMatchObject({ code: 190, subcode: 463 });
    expect(await sweep()).toMatchObject({ checked: 0 });
    const notes = await s.database.db.selectFrom('notifications').select(['type', 'profile_id']).execute();
    expect(notes).toEqual([{ type: 'token_expired', profile_id: id }]);
    await clean();
  });

  it('a sweep that straddles an expiry: the token Meta sees expire mid-exchange is Expired, the others refreshed', async () => {
    const now = s.clock.now();
    const soon = await profile('10001', now + 3600_000); // expires in an hour
    const later = await profile('10002', now + 3 * DAY_MS);
    // Exchanges are slow; two hours pass on both clocks while they are in flight.
    await s.control('POST', '/__control/faults', { match: { path: '^/oauth/access_token$' }, delayMs: 600 });
    const running = sweep();
    // The clocks move once the sweep has chosen both tokens and holds their leases: it has read
    // its time, and the exchanges are on their way, held 600 ms by the fault, so Meta answers
    // them after its clock passed the first expiry. Moving earlier would make the sweep see that
    // token already expired; a fixed sleep only hoped to land in between.
    await waitFor('the sweep to hold both refresh leases', async () => {
      const leases = await s.database.db.selectFrom('meta_users').select('refresh_lease_owner').where('id', 'in', [soon, later]).execute();
      return leases.length === 2 && leases.every((lease) => lease.refresh_lease_owner !== null);
    }, 5_000, 10);
    await s.advance(2 * 3600);
    const summary = await running;
    await s.control('DELETE', '/__control/faults');
    expect(summary).toMatchObject({ checked: 2, refreshed: 1, failed: 1 });
    const [a, b] = [await row(soon), await row(later)];
    expect(a.status).toBe('expired');
    expect(a.last_error).toMatchObject({ code: 190, subcode: 463 });
    expect(b).toMatchObject({ status: 'active', token_version: 2 });
    expect(b.expires_at!.getTime()).toBeGreaterThan(s.clock.now() + 50 * DAY_MS);
    expect(await sweep()).toMatchObject({ checked: 0 });
    const notes = await s.database.db.selectFrom('notifications').select(['type', 'profile_id']).execute();
    expect(notes).toEqual([{ type: 'token_expired', profile_id: soon }]);
    await clean();
  });
});

describe('the schedule across daylight-saving changes (SCHEDULE_TIME_ZONE=Europe/Rome)', () => {
  let s: TestService;
  let schedules: Array<{ name: string; cron: string; timezone: string }> = [];
  // pg-boss's cron check (10.x: Timekeeper.shouldSendIt, run by its monitor every 30 s) asks
  // cron-parser for the previous fire time before "now" and sends when that is under 60 s old
  // (with singletonSeconds 60, so the two ticks of one minute make one job). That check is not
  // public API, so the rule is restated here (`pgBossSends`) on the same cron-parser pg-boss
  // resolves (asserted below): the fire times are the chain of its prev() values.
  beforeAll(async () => {
    s = await startTestService({ env: { SCHEDULE_TIME_ZONE: 'Europe/Rome' } });
    // A process that schedules, as `wevion serve`/`worker` do, writing pg-boss's schedule rows.
    const scheduler = createJobQueue({ database: s.database, clock: new ManualClock(), logger: memoryLogger().logger, jobs: s.application.queue.definitions(), scheduleTimeZone: s.config.jobs.scheduleTimeZone });
    await scheduler.start({ work: false, schedule: true });
    await scheduler.stop(1000);
    const { rows } = await s.database.executeSql('select name, cron, timezone from pgboss.schedule order by name');
    schedules = rows as typeof schedules;
  });
  afterAll(() => s?.close());

  /** The times pg-boss would send the job in [from, from + hours). */
  function fires(cron: string, tz: string, fromIso: string, hours: number): string[] {
    const start = Date.parse(fromIso);
    const chain = cronParser.parseExpression(cron, { tz, currentDate: new Date(start + hours * 3600_000), startDate: new Date(start) });
    const out: string[] = [];
    while (chain.hasPrev()) out.unshift(chain.prev().toISOString());
    return out;
  }

  /** pg-boss's decision at `iso`: the cron's previous fire before then is under 60 s old. */
  function pgBossSends(cron: string, tz: string, iso: string): boolean {
    const at = Date.parse(iso);
    const previous = cronParser.parseExpression(cron, { tz, currentDate: new Date(at) }).prev().getTime();
    return (at - previous) / 1000 < 60;
  }

  it('reads the crons with the very cron-parser pg-boss uses', () => {
    // A pg-boss with a cron-parser of its own could decide otherwise than pgBossSends says.
    const require = createRequire(import.meta.url);
    expect(createRequire(require.resolve('pg-boss'))('cron-parser')).toBe(cronParser);
  });

  /** Every fire is sent by pg-boss in its minute, and nothing is sent in the minute before or after. */
  function expectPgBossAgrees(cron: string, tz: string, times: string[]): void {
    for (const iso of times) {
      const at = Date.parse(iso);
      expect(pgBossSends(cron, tz, new Date(at + 30_000).toISOString()), `${iso} sent`).toBe(true);
      expect(pgBossSends(cron, tz, new Date(at + 90_000).toISOString()), `${iso} not sent twice`).toBe(false);
      expect(pgBossSends(cron, tz, new Date(at - 30_000).toISOString()), `${iso} not sent early`).toBe(false);
    }
  }

  it('stores the token jobs’ schedule in the configured zone', () => {
    const refresh = schedules.find((r) => r.name === 'token-refresh');
    expect(refresh).toEqual({ name: 'token-refresh', cron: s.config.jobs.tokenJobsCron, timezone: 'Europe/Rome' });
    expect(schedules.every((r) => r.timezone === 'Europe/Rome')).toBe(true);
  });

  it('fires at 00:00 and 12:00 Rome time every day across spring forward: one 11-hour interval, no miss, no double', () => {
    const refresh = schedules.find((r) => r.name === 'token-refresh')!;
    const times = fires(refresh.cron, refresh.timezone, '2027-03-26T12:00:00Z', 72);
    expectPgBossAgrees(refresh.cron, refresh.timezone, times);
    expect(times).toEqual([
      '2027-03-26T23:00:00.000Z', // 00:00 CET, 27 March
      '2027-03-27T11:00:00.000Z',
      '2027-03-27T23:00:00.000Z', // 00:00 CET, 28 March; at 02:00 the clocks go forward
      '2027-03-28T10:00:00.000Z', // 12:00 CEST: 11 hours later
      '2027-03-28T22:00:00.000Z',
      '2027-03-29T10:00:00.000Z',
    ]);
  });

  it('fires at 00:00 and 12:00 Rome time every day across fall back: one 13-hour interval, no miss, no double', () => {
    const refresh = schedules.find((r) => r.name === 'token-refresh')!;
    const times = fires(refresh.cron, refresh.timezone, '2027-10-29T12:00:00Z', 72);
    expectPgBossAgrees(refresh.cron, refresh.timezone, times);
    expect(times).toEqual([
      '2027-10-29T22:00:00.000Z', // 00:00 CEST, 30 October
      '2027-10-30T10:00:00.000Z',
      '2027-10-30T22:00:00.000Z', // 00:00 CEST, 31 October; at 03:00 the clocks go back
      '2027-10-31T11:00:00.000Z', // 12:00 CET: 13 hours later
      '2027-10-31T23:00:00.000Z',
      '2027-11-01T11:00:00.000Z',
    ]);
  });

  it('every job with a daily or hourly schedule keeps its number of runs across both changes', () => {
    // Jobs every few minutes ('*/10 * * * *') run on UTC minutes and cannot skip an hour's runs.
    const timed = schedules.filter((r) => /^\d+\s/.test(r.cron));
    expect(timed.map((r) => r.name)).toContain('token-refresh');
    for (const schedule of timed) {
      const normal = fires(schedule.cron, schedule.timezone, '2027-03-10T00:00:00Z', 48).length;
      // 48 real hours hold as many runs as any other 48 hours: an hourly job runs every real hour
      // (both 02:00s in October), a daily one once per local day.
      expect(fires(schedule.cron, schedule.timezone, '2027-03-27T12:00:00Z', 48).length, `${schedule.name} (${schedule.cron}) in March`).toBe(normal);
      expect(fires(schedule.cron, schedule.timezone, '2027-10-30T12:00:00Z', 48).length, `${schedule.name} (${schedule.cron}) in October`).toBe(normal);
    }
  });

  it('documents the hazard of a custom cron inside the skipped/repeated hour (02:30): skipped once, doubled once', () => {
    // Harmless for the token jobs (idempotent, and a 7-day window), but an operator choosing such
    // a time gets no run on the last Sunday of March and two on the last Sunday of October.
    expect(fires('30 2 * * *', 'Europe/Rome', '2027-03-26T12:00:00Z', 72)).toEqual(['2027-03-27T01:30:00.000Z', '2027-03-29T00:30:00.000Z']);
    const october = fires('30 2 * * *', 'Europe/Rome', '2027-10-29T12:00:00Z', 72);
    expectPgBossAgrees('30 2 * * *', 'Europe/Rome', october);
    expect(october).toEqual([
      '2027-10-30T00:30:00.000Z',
      '2027-10-31T00:30:00.000Z',
      '2027-10-31T01:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });
});
