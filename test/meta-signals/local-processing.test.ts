/**
 * A webhook processed by the process that received it, from the envelope the intake parsed: the
 * row is stored leased to that process, so nobody else takes it and its body is not read back.
 * What must hold: it is processed once, with no job; beyond the bound of what a process holds a
 * delivery is stored without a lease and the job takes it; a repeat gives its room back; and a
 * process that dies holding deliveries loses nothing: their leases run out and the minute sweep
 * takes them; one held until its lease is nearly over is left to the sweep rather than processed twice. The intake and the local processing are driven directly, over the real database
 * and queue (the queue works no job by itself). Both engines (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { hubSignature } from '../../src/meta-signals/hub-signature.ts';
import { receiveWebhook, type IntakeDeps } from '../../src/meta-signals/intake.ts';
import { createLocalProcessing, type LocalProcessing } from '../../src/meta-signals/local-processing.ts';
import { LIMITS } from '../../src/meta-signals/deps.ts';
import { signalMetrics } from '../../src/meta-signals/metrics.ts';
import { createSignalWriter } from '../../src/meta-signals/signal-writer.ts';
import { readEnvelope, type WebhookEnvelope } from '../../src/meta-signals/envelope.ts';
import { insertSignals } from '../../src/meta-signals/meta-signals.queries.ts';
import { memoryLogger } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';
import { APP_ID, APP_SECRET, startSignalsService, type SignalsService } from './harness.ts';

describe('webhooks processed by the process that received them', () => {
  let s: SignalsService;
  let kicks = 0;
  let n = 0;
  const logs = memoryLogger();

  beforeAll(async () => {
    s = await startSignalsService({ work: false, subscribe: false, callbacks: false });
    const person = await s.signIn({ workspace: 'Local', role: 'admin' });
    await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
  });
  afterAll(() => s?.close());

  const deps = (local?: LocalProcessing): IntakeDeps => ({
    db: s.database.db,
    clock: s.clock,
    logger: logs.logger,
    app: { appId: APP_ID, appSecret: APP_SECRET },
    verifyToken: undefined,
    publicUrl: 'http://127.0.0.1',
    queue: () => s.queue,
    metrics: signalMetrics(new Registry(), async () => 0),
    kick: () => (kicks += 1),
    writer: createSignalWriter(s.database.db),
    ...(local ? { local } : {}),
  });
  /** A delivery about someone nobody connected (each call a new one), or about Giulia (10001). */
  const delivery = (uid = `77${String(n++).padStart(6, '0')}`) => {
    const text = JSON.stringify({ object: 'permissions', entry: [{ id: uid, uid, time: Math.floor(s.clock.now() / 1000), changes: [{ field: 'ads_read', value: { verb: 'revoked' } }] }] });
    return { raw: Buffer.from(text), signature: hubSignature(text, APP_SECRET) };
  };
  const row = async (uid: string) =>
    (await s.database.executeSql(`select attempts, claimed_until, processed_at, outcome from meta_signals where body like $1`, [`%"uid":"${uid}"%`])).rows[0] as
      | { attempts: number; claimed_until: Date | string | null; processed_at: Date | string | null; outcome: Record<string, number> | null }
      | undefined;
  const processJobs = async () => ((await s.counts()).jobs['meta-signals-process'] ?? 0) as number;
  const sweep = () => s.queue.runNow('meta-signals-process', {}) as Promise<{ processed: number; failed: number }>;

  it('is stored leased to this process (one attempt) and processed from memory, with no job; a known person’s change queues its check', async () => {
    const local = createLocalProcessing(deps());
    const intake = deps(local);
    const kicksBefore = kicks;
    const jobsBefore = await processJobs();
    const stranger = delivery('77900001');
    const giulia = delivery('10001');
    expect(await receiveWebhook(intake, stranger.raw, stranger.signature)).toEqual({ duplicate: false });
    expect(await receiveWebhook(intake, giulia.raw, giulia.signature)).toEqual({ duplicate: false });
    await local.close();

    expect(await row('77900001')).toMatchObject({ attempts: 1, outcome: { unknown_person: 1 } });
    expect((await row('77900001'))?.processed_at).not.toBeNull();
    expect(await row('10001')).toMatchObject({ attempts: 1, outcome: { permission: 1, permissionChecks: 1 } });
    expect((await s.counts()).jobs['meta-permission-check']).toBe(1);
    expect(kicks).toBe(kicksBefore);
    expect(await processJobs()).toBe(jobsBefore);
    // Nothing is left for the sweep.
    expect(await sweep()).toMatchObject({ processed: 0, failed: 0 });
  });

  it('holds at most its bound: beyond it a delivery is stored without a lease and the job takes it', async () => {
    const local = createLocalProcessing(deps(), { deliveries: 2, bytes: 1024 * 1024, batch: 10 });
    expect(local.reserve(100)).toBe(true);
    expect(local.reserve(100)).toBe(true);
    expect(local.reserve(100)).toBe(false);
    local.release(100);
    expect(local.reserve(100)).toBe(true);
    // The bytes too: one delivery larger than the bound still goes when nothing else is held.
    const bytes = createLocalProcessing(deps(), { deliveries: 10, bytes: 1000, batch: 10 });
    expect(bytes.reserve(5000)).toBe(true);
    expect(bytes.reserve(10)).toBe(false);

    // A full process: the delivery is stored unleased, the job is asked for, and the job processes it.
    const full: LocalProcessing = { reserve: () => false, hand: () => expect.unreachable('nothing was reserved'), release: () => expect.unreachable('nothing was reserved'), close: async () => {} };
    const kicksBefore = kicks;
    const d = delivery('77900002');
    expect(await receiveWebhook(deps(full), d.raw, d.signature)).toEqual({ duplicate: false });
    expect(await row('77900002')).toMatchObject({ attempts: 0, claimed_until: null, processed_at: null });
    expect(kicks).toBe(kicksBefore + 1);
    expect(await sweep()).toMatchObject({ processed: 1, failed: 0 });
    expect(await row('77900002')).toMatchObject({ attempts: 1, outcome: { unknown_person: 1 } });
  });

  it('a repeat of a stored delivery gives its room back and is processed no second time', async () => {
    const local = createLocalProcessing(deps(), { deliveries: 1, bytes: 1024 * 1024, batch: 10 });
    const intake = deps(local);
    const d = delivery('77900003');
    expect(await receiveWebhook(intake, d.raw, d.signature)).toEqual({ duplicate: false });
    await waitFor('the delivery to be processed', async () => (await row('77900003'))?.processed_at != null);
    expect(await receiveWebhook(intake, d.raw, d.signature)).toEqual({ duplicate: true });
    // Its room was given back: the next delivery is held here too.
    expect(local.reserve(10)).toBe(true);
    local.release(10);
    await local.close();
    expect(await row('77900003')).toMatchObject({ attempts: 1, outcome: { unknown_person: 1 } });
    expect(local.reserve(10)).toBe(false);
  });

  it('a process that dies holding deliveries loses none: the lease runs out and the minute sweep takes them', async () => {
    // It stored them leased to itself, answered 200, and died before processing them.
    const dead: LocalProcessing = { reserve: () => true, hand: () => {}, release: () => {}, close: async () => {} };
    const first = delivery('77900004');
    const second = delivery('77900005');
    expect(await receiveWebhook(deps(dead), first.raw, first.signature)).toEqual({ duplicate: false });
    expect(await receiveWebhook(deps(dead), second.raw, second.signature)).toEqual({ duplicate: false });
    expect(await row('77900004')).toMatchObject({ attempts: 1, processed_at: null });
    expect(new Date((await row('77900004'))!.claimed_until!).getTime()).toBe(s.clock.now() + LIMITS.localLeaseMs);

    // While the lease holds, nobody else takes them…
    await s.advance(LIMITS.localLeaseMs / 1000 - 1);
    expect(await sweep()).toMatchObject({ processed: 0 });
    // …once it has run out, the sweep does, once.
    await s.advance(2);
    expect(await sweep()).toMatchObject({ processed: 2, failed: 0 });
    expect(await row('77900004')).toMatchObject({ attempts: 2, outcome: { unknown_person: 1 } });
    expect(await row('77900005')).toMatchObject({ attempts: 2, outcome: { unknown_person: 1 } });
    expect(await sweep()).toMatchObject({ processed: 0 });
  });

  it('a delivery held until its lease is nearly over is left to the sweep, not processed twice', async () => {
    const local = createLocalProcessing(deps());
    const d = delivery('77900007');
    const text = d.raw.toString();
    // Stored leased to this process, 10 s of its lease left when it comes to be processed.
    const stored = await insertSignals(s.database.db, [{ kind: 'webhook', dedupeKey: 'held-too-long', body: text, metaUserId: null, issuedAt: null, receivedAt: new Date(s.clock.now()), claimedUntil: new Date(s.clock.now() + 10_000) }]);
    const id = stored.get('held-too-long')!;
    expect(local.reserve(d.raw.length)).toBe(true);
    local.hand({ id, kind: 'webhook', dedupe_key: 'held-too-long', body: '', meta_user_id: null, issued_at: null, received_at: new Date(s.clock.now()), claimed_until: new Date(s.clock.now() + 10_000), attempts: 1, processed_at: null, outcome: null }, readEnvelope(JSON.parse(text)) as WebhookEnvelope, d.raw.length);
    await local.close();
    expect(await row('77900007')).toMatchObject({ attempts: 1, processed_at: null });
    expect(logs.lines.join('')).toContain('left to the sweep');
    await s.advance(11);
    expect(await sweep()).toMatchObject({ processed: 1, failed: 0 });
    expect(await row('77900007')).toMatchObject({ attempts: 2, outcome: { unknown_person: 1 } });
  });

  it('processing that fails here is logged and left to the lease; the sweep does it after', async () => {
    // Giulia's change is recorded, then queueing its check fails: the delivery is not marked done.
    const failing = deps();
    const down = () => Promise.reject(new Error('the queue is away'));
    failing.queue = () => ({ send: down, insert: down });
    const local = createLocalProcessing(failing);
    const checksBefore = (await s.counts()).jobs['meta-permission-check'] ?? 0;
    await s.advance(1);
    const fresh = delivery('10001');
    expect(await receiveWebhook(deps(local), fresh.raw, fresh.signature)).toEqual({ duplicate: false });
    await local.close();
    const stored = (await s.database.executeSql(`select attempts, processed_at from meta_signals order by received_at desc limit 1`)).rows[0];
    expect(stored).toMatchObject({ attempts: 1, processed_at: null });
    expect(logs.lines.join('')).toContain("processing one of Meta's deliveries failed");
    await s.advance(LIMITS.localLeaseMs / 1000 + 1);
    expect(await sweep()).toMatchObject({ processed: 1, failed: 0 });
    const after = (await s.database.executeSql(`select attempts, outcome from meta_signals order by received_at desc limit 1`)).rows[0];
    // The change was recorded by the first attempt: the second finds it, and queues the check.
    expect(after).toMatchObject({ attempts: 2, outcome: { duplicate: 1, permissionChecks: 1 } });
    expect((await s.counts()).jobs['meta-permission-check']).toBe(checksBefore + 1);
  });
});
