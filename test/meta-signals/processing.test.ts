/**
 * Processing what Meta pushed: people and apps we do not know, objects and fields no handler
 * knows (kept, counted, never fatal); duplicates and older changes that change nothing; a
 * well-signed change Meta's own answer does not back; a removal followed within seconds by a
 * reconnect (the fresh token wins); and a process gone after answering a webhook, before
 * processing it. Jobs are run by the test (the queue does not work here) except after the
 * "restart". Both engines (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../src/compose.ts';
import { hubSignature } from '../../src/meta-signals/hub-signature.ts';
import { memoryLogger } from '../helpers/app.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { APP_ID, APP_SECRET, signedRequest, startSignalsService, type SignalsService } from './harness.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('processing what Meta pushed', () => {
  let s: SignalsService;
  let owner: { cookie: string; profileId: string };

  beforeAll(async () => {
    s = await startSignalsService({ work: false, subscribe: false, callbacks: false });
    const person = await s.signIn({ workspace: 'Processing', role: 'admin' });
    const back = await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    owner = { cookie: person.cookie, profileId: back.searchParams.get('profile') as string };
  });
  afterAll(() => s?.close());

  const seconds = () => Math.floor(s.clock.now() / 1000);
  const deauthorize = (payload: Record<string, unknown>) =>
    s.request('/connect/meta/deauthorize', { method: 'POST', headers: FORM, body: new URLSearchParams({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', issued_at: seconds(), ...payload }) }).toString() });
  const webhook = (body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return s.request('/connect/meta/webhooks', { method: 'POST', body: text, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(text, APP_SECRET) } });
  };
  const permission = (uid: string, field: string, verb: string, time = seconds()) => ({ object: 'permissions', entry: [{ id: uid, uid, time, changes: [{ field, value: { verb } }] }] });
  const profile = async () => ((await (await s.request(`/api/meta-users/${owner.profileId}`, { cookie: owner.cookie })).json()) as { metaUser: { status: string; grantedScopes: string[]; declinedScopes: string[] } }).metaUser;
  const notifications = async () => ((await (await s.request('/api/notifications', { cookie: owner.cookie })).json()) as { notifications: unknown[] }).notifications;
  const lastOutcome = async () => ((await s.database.executeSql(`select outcome from meta_signals where processed_at is not null order by processed_at desc limit 1`)).rows[0] as { outcome: Record<string, number> }).outcome;
  const process = () => s.queue.runNow('meta-signals-process', { trigger: 'queue' });
  /** Runs the jobs of one queue waiting in the database (as a worker would), and removes them. */
  async function runQueued(name: string): Promise<unknown[]> {
    const rows = (await s.database.executeSql(`select id::text as id, data from pgboss.job where name = $1 and state = 'created' order by created_on`, [name])).rows as Array<{ id: string; data: unknown }>;
    const outcomes: unknown[] = [];
    for (const row of rows) {
      outcomes.push(await s.queue.runNow(name, row.data));
      await s.database.executeSql(`delete from pgboss.job where id = $1::uuid`, [row.id]);
    }
    return outcomes;
  }
  const counter = async (kind: string, outcome: string) => {
    const line = (await s.application.registry.metrics()).split('\n').find((l) => l.startsWith(`wevion_meta_signal_changes_total{kind="${kind}",outcome="${outcome}"}`));
    return Number(line?.split(' ')[1] ?? 0);
  };

  it('a person we do not know, another app, an unknown object or field: kept, counted, nothing changes', async () => {
    const stranger = await deauthorize({ user_id: '99999' });
    expect(await stranger.json()).toEqual({ received: true, duplicate: false });
    expect(await lastOutcome()).toEqual({ unknown_person: 1, verifications: 0 });
    await s.advance(1);
    expect((await deauthorize({ user_id: '10001', app_id: '123456789' })).status).toBe(200);
    expect(await lastOutcome()).toEqual({ other_app: 1 });

    expect((await webhook({ object: 'page', entry: [{ id: '60001', time: seconds(), changes: [{ field: 'feed', value: { item: 'post' } }] }] })).status).toBe(200);
    await process();
    expect(await lastOutcome()).toEqual({ unknown_object: 1 });
    expect((await webhook({ object: 'permissions', entry: [{ id: '10001', uid: '10001', time: seconds(), changes: [{ field: 'user_friends', value: { verb: 'granted' } }, { field: 'ads_management', value: { verb: 'sideways' } }] }, { id: '99999', uid: '99999', time: seconds(), changes: [{ field: 'ads_management', value: { verb: 'revoked' } }] }] })).status).toBe(200);
    await process();
    expect(await lastOutcome()).toEqual({ unknown_field: 1, malformed: 1, unknown_person: 1 });

    // Kept: every delivery stored and processed; counted; nothing queued, nothing changed.
    expect(await s.counts()).toMatchObject({ signals: 4, unprocessed: 0 });
    expect((await s.counts()).jobs['meta-removal-check'] ?? 0).toBe(0);
    expect((await s.counts()).jobs['meta-permission-check'] ?? 0).toBe(0);
    expect(await counter('deauthorize', 'unknown_person')).toBe(1);
    expect(await counter('deauthorize', 'other_app')).toBe(1);
    expect(await counter('webhook', 'unknown_object')).toBe(1);
    expect(await counter('webhook', 'unknown_field')).toBe(1);
    expect((await profile()).status).toBe('active');
    expect(await notifications()).toEqual([]);
  });

  it('a permission change is applied once, an older one never overwrites it, and one Meta does not back changes nothing', async () => {
    await s.advance(10);
    // The person revokes Ads Management on Meta (the emulator is not subscribed here: no push).
    await s.control('POST', '/__control/users/10001/revoke-permission', { appId: APP_ID, permission: 'ads_management' });
    const revokedAt = seconds();
    const revoke = permission('10001', 'ads_management', 'revoked', revokedAt);
    expect(await (await webhook(revoke)).json()).toEqual({ received: true, duplicate: false });
    await process();
    expect(await lastOutcome()).toEqual({ permission: 1, permissionChecks: 1 });
    expect(await runQueued('meta-permission-check')).toEqual([{ outcome: 'applied' }]);
    expect(await profile()).toMatchObject({ status: 'active', declinedScopes: ['ads_management'] });

    // Meta sends the same delivery again: stored once, nothing twice.
    expect(await (await webhook(revoke)).json()).toEqual({ received: true, duplicate: true });
    // The same change in other bytes: checked again, and Meta's answer changes nothing.
    expect((await webhook(JSON.stringify(revoke, null, 1))).status).toBe(200);
    await process();
    expect(await lastOutcome()).toEqual({ duplicate: 1, permissionChecks: 1 });
    expect(await runQueued('meta-permission-check')).toEqual([{ outcome: 'unchanged' }]);

    // A grant from before the revocation arrives late: older, it queues nothing.
    expect((await webhook(permission('10001', 'ads_management', 'granted', revokedAt - 60))).status).toBe(200);
    await process();
    expect(await lastOutcome()).toEqual({ stale: 1 });
    expect(await runQueued('meta-permission-check')).toEqual([]);
    expect((await profile()).grantedScopes).not.toContain('ads_management');

    // A well-signed grant that Meta's /me/permissions does not back: nothing changes.
    await s.advance(5);
    expect((await webhook(permission('10001', 'ads_management', 'granted'))).status).toBe(200);
    await process();
    expect(await runQueued('meta-permission-check')).toEqual([{ outcome: 'not_backed' }]);
    expect(await profile()).toMatchObject({ declinedScopes: ['ads_management'] });
    const events = ((await (await s.request(`/api/meta-users/${owner.profileId}/events`, { cookie: owner.cookie })).json()) as { events: Array<{ kind: string }> }).events;
    expect(events.filter((e) => e.kind === 'permissions_changed')).toHaveLength(1);

    // Meta's grant, really made: applied.
    await s.control('POST', '/__control/users/10001/grant-permission', { appId: APP_ID, permission: 'ads_management' });
    await s.advance(5);
    expect((await webhook(permission('10001', 'ads_management', 'granted'))).status).toBe(200);
    await process();
    expect(await runQueued('meta-permission-check')).toEqual([{ outcome: 'applied' }]);
    expect(await profile()).toMatchObject({ declinedScopes: [] });
  });

  it('a removal followed within seconds by a reconnect: the fresh token wins, before the check or during it', async () => {
    const reconnect = async () => {
      const back = await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${owner.profileId}/reconnect`, startMethod: 'POST' });
      expect(back.searchParams.get('result')).toBe('reconnected');
    };
    // Before the check runs.
    await s.advance(5);
    await s.control('POST', '/__control/users/10001/remove-app', { appId: APP_ID });
    expect((await deauthorize({ user_id: '10001' })).status).toBe(200);
    await reconnect();
    expect(await runQueued('meta-removal-check')).toEqual([{ outcome: 'valid' }]);
    expect((await profile()).status).toBe('active');

    // While the check waits on Meta's answer to GET /me (held 2.5 s): the reconnect commits meanwhile.
    await s.advance(5);
    await s.control('POST', '/__control/users/10001/remove-app', { appId: APP_ID });
    expect((await deauthorize({ user_id: '10001' })).status).toBe(200);
    await s.control('POST', '/__control/faults', { match: { method: 'GET', path: '^/(v\\d+\\.\\d+/)?me$', userId: '10001' }, delayMs: 2_500, times: 1 });
    const checking = runQueued('meta-removal-check');
    await sleep(300);
    await reconnect();
    expect(await checking).toEqual([{ outcome: 'superseded' }]);
    expect(await profile()).toMatchObject({ status: 'active' });
    expect(await notifications()).toEqual([]);

    // And without a reconnect, the same signal makes the profile Expired with its cause.
    await s.advance(5);
    await s.control('POST', '/__control/users/10001/remove-app', { appId: APP_ID });
    expect((await deauthorize({ user_id: '10001' })).status).toBe(200);
    expect(await runQueued('meta-removal-check')).toEqual([{ outcome: 'expired' }]);
    expect((await profile()).status).toBe('expired');
    expect(await notifications()).toHaveLength(1);
    await reconnect();
  });

  it('a process gone after answering a webhook, before processing it: another one processes it after the restart', async () => {
    await s.advance(5);
    await s.control('POST', '/__control/users/10001/remove-app', { appId: APP_ID });
    const leaving = (time: number) => ({ object: 'permissions', entry: [{ id: '10001', uid: '10001', time, changes: [{ field: 'connected', value: { verb: 'revoked' } }] }] });
    // The first delivery's processing job is lost (the process died before sending it)…
    expect((await webhook(leaving(seconds()))).status).toBe(200);
    await sleep(50);
    await s.database.executeSql(`delete from pgboss.job where name = 'meta-signals-process'`);
    // …the second's is sent; then the process goes, nothing processed.
    await s.advance(1);
    expect((await webhook(leaving(seconds()))).status).toBe(200);
    await waitFor('the processing job to be queued', async () => ((await s.counts()).jobs['meta-signals-process'] ?? 0) > 0);
    expect((await s.counts()).unprocessed).toBe(2);
    // The process goes (its queue stops working, its Graph client closes), once.
    const stop = s.application.close;
    s.application.close = async () => {};
    await stop();

    // The restart: the same database, a new process that works its jobs.
    const { logger } = memoryLogger();
    const restarted = composeApplication({ config: s.config, database: s.database, vault: s.vault, clock: s.clock, logger, meta: s.meta, pollingIntervalSeconds: 0.5, random: () => 0, appCheckGapMs: 0 });
    try {
      await restarted.queue.start({ work: true, schedule: false });
      await waitFor('both deliveries to be processed', async () => (await s.counts()).unprocessed === 0, 10_000);
      await waitFor('the profile to be Expired', async () => (await profile()).status === 'expired', 10_000);
      // Nothing left behind: the minute sweep (what the cron runs) finds nothing more.
      expect(await restarted.queue.runNow('meta-signals-process', {})).toMatchObject({ processed: 0, failed: 0 });
      expect(restarted.queue.definitions().find((job) => job.name === 'meta-signals-process')?.cron).toBe('* * * * *');
    } finally {
      await restarted.close();
    }
  });
});
