/**
 * The shared scenario of the chaos tests where Meta refuses the app itself mid-sweep (a rotated
 * secret, a deleted app): real processes on one PostgreSQL (see processes.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storeSecret } from '../../src/vault/secrets.queries.ts';
import { insertWebhook } from '../../src/webhooks/webhooks.queries.ts';
import { startSmtpSink, type SmtpSink } from '../alerts/smtp.ts';
import type { Spawned } from '../helpers/process.ts';
import { APP_ID } from '../helpers/service.ts';
import { startReceiver } from '../operators/receiver.ts';
import { userIdOf } from './population.ts';
import { chaosWorld, observer, postgresOnly, refreshedCount, startProcess, stopProcess, waitFor, type ChaosWorld } from './processes.ts';

const USERS = 200;
const DUE = 150;
// Three whose refresh is due and three whose is not: all six die during the incident.
const DYING = [3, 40, 120, 160, 175, 190];

export interface AppIncident {
  /** The describe block's name. */
  title: string;
  /** The test's name. */
  name: string;
  /** What happens on Meta mid-sweep (the emulator's control API). */
  start(w: ChaosWorld): Promise<void>;
  /** How it is fixed: returns the workers that run from then on. */
  fix(w: ChaosWorld, workers: Spawned[], db: ChaosWorld['database']): Promise<Spawned[]>;
  /** For the last line the test prints. */
  what: string;
}

/**
 * Something is done to the Meta app itself while three `wevion worker` processes are in the middle
 * of a refresh sweep and a permission sync of 200 profiles: the deployment must see one app
 * problem, not 200 dead tokens. While it lasts six people change their Meta password (their tokens
 * really die).
 *   - During the incident: 0 profiles change status, 0 marketer notifications, 1 operator alert
 *     (one app.unhealthy webhook, one email).
 *   - Once fixed: Meta accepts the app, the held checks run, the six dead tokens are Expired with
 *     one notification each, everyone else is Active and the due tokens get refreshed.
 */
export function appIncidentMidSweep(incident: AppIncident): void {
postgresOnly(incident.title, () => {
  let w: ChaosWorld;
  let workers: Spawned[] = [];
  let smtp: SmtpSink;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    receiver = await startReceiver([200]);
    // 150 due × 2 calls × 200 ms over 16 lanes: a sweep of about 4 s; the permission sync of
    // 200 profiles (7+ calls each, 6 at a time over three workers) lasts much longer.
    w = await chaosWorld({
      users: USERS,
      due: DUE,
      latencyMs: 200,
      extraEnv: { SMTP_URL: smtp.url, OPERATOR_EMAILS: 'ops@example.test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
    });
    const secretId = await storeSecret(w.database.db, w.vault, 'whsec_chaos_receiver_secret_0123456789abcdef');
    await insertWebhook(w.database.db, { workspaceId: w.workspaceId, url: receiver.url, events: ['app.unhealthy', 'app.recovered', 'token.expired'], secretId, createdBy: w.memberId, at: new Date() });
    workers = await Promise.all([1, 2, 3].map(() => startProcess('worker', w.env)));
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker);
    await w?.close();
    await smtp?.close();
    await receiver?.close();
  });

  it(incident.name, async () => {
    const db = await observer(w.database.url!);
    const dying = DYING.map((i) => w.ids[i]!);
    const statusChanges = async () => db.db.selectFrom('meta_user_events').select(['profile_id', 'new_status']).where('kind', '=', 'status_changed').execute();
    const notes = async () => db.db.selectFrom('notifications').select(['profile_id', 'type']).execute();
    const appEvents = async (event: 'app.unhealthy' | 'app.recovered') => (await db.db.selectFrom('webhook_deliveries').select('id').where('event', '=', event).execute()).length;
    const held = async () => Number((await db.executeSql('select count(*)::int as n from held_verifications')).rows[0]?.n);
    const unfinished = async (name: string) => Number((await db.executeSql(`select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')`, [name])).rows[0]?.n);
    try {
      const sweep = await w.boss.send('token-refresh', {});
      for (const profileId of w.ids) await w.boss.send('permission-sync-token', { profileId });
      const atRotation = await waitFor('the sweep to be under way', async () => {
        const n = await refreshedCount(db.db, w.ids.slice(0, DUE));
        return n >= 10 ? n : undefined;
      }, 60_000, 50);
      await incident.start(w);
      expect(atRotation, 'the incident began in the middle of the sweep').toBeLessThan(DUE);

      await waitFor('the deployment to find the app refused', async () => (await db.db.selectFrom('meta_app_health').select('healthy').where('app_id', '=', APP_ID).executeTakeFirst())?.healthy === false, 60_000);
      // Six tokens really die now; their next calls answer 190 (the sync reaches each of them).
      for (const i of DYING) await fetch(`${w.emulator.url}/__control/users/${userIdOf(i)}/change-password`, { method: 'POST' });
      for (const profileId of dying) await w.boss.send('permission-sync-token', { profileId });
      await waitFor('the sweep to end', async () => (await db.executeSql(`select state from pgboss.job where id = $1`, [sweep])).rows[0]?.state === 'completed', 120_000, 500);
      await waitFor('the permission sync to end', async () => (await unfinished('permission-sync-token')) === 0, 180_000, 500);
      await waitFor('the dead tokens’ checks to be held', async () => (await held()) >= dying.length, 60_000, 500);

      // The incident: nobody marked, nobody told, operators told once.
      expect(await statusChanges()).toEqual([]);
      expect(await notes()).toEqual([]);
      const statuses = await db.db.selectFrom('meta_users').select('status').execute();
      expect(statuses.every((row) => row.status === 'active')).toBe(true);
      expect(await appEvents('app.unhealthy')).toBe(1);
      const toOperators = () => smtp.received.filter((mail) => mail.to.includes('ops@example.test')).map((mail) => mail.subject);
      await waitFor('the operator email', async () => toOperators().length >= 1, 60_000, 500);
      expect(toOperators()).toEqual([`Wevion: Meta refuses app ${APP_ID} — token checks are held`]);
      expect(smtp.received).toHaveLength(1);
      const heldIds = (await db.db.selectFrom('held_verifications').select('profile_id').execute()).map((row) => row.profile_id);
      expect(heldIds).toEqual(expect.arrayContaining(dying));

      workers = await incident.fix(w, workers, db);
      await waitFor('Meta to accept the app again', async () => (await db.db.selectFrom('meta_app_health').select('healthy').where('app_id', '=', APP_ID).executeTakeFirst())?.healthy === true, 90_000, 500);
      await waitFor('the held checks to run', async () => (await held()) === 0 && (await unfinished('token-verify')) === 0, 120_000, 500).catch(async (error: unknown) => {
        const jobs = await db.executeSql(`select state, start_after, retry_count from pgboss.job where name = 'token-verify' and state <> 'completed' limit 5`);
        console.error(`[chaos] held ${await held()}; token-verify jobs left:`, JSON.stringify(jobs.rows));
        throw error;
      });
      const again = await w.boss.send('token-refresh', {});
      await waitFor('the sweep after the fix', async () => (await db.executeSql(`select state from pgboss.job where id = $1`, [again])).rows[0]?.state === 'completed', 120_000, 500);

      const changes = await statusChanges();
      expect(changes.map((c) => c.profile_id).sort()).toEqual([...dying].sort());
      expect(changes.every((c) => c.new_status === 'expired')).toBe(true);
      const told = await notes();
      expect(told.map((n) => n.profile_id).sort()).toEqual([...dying].sort());
      expect(told.every((n) => n.type === 'token_expired')).toBe(true);
      const after = await db.db.selectFrom('meta_users').select(['id', 'status', 'token_version', 'expires_at']).execute();
      const alive = after.filter((row) => !dying.includes(row.id));
      expect(alive.every((row) => row.status === 'active')).toBe(true);
      const dueAlive = w.ids.slice(0, DUE).filter((id) => !dying.includes(id));
      expect(await refreshedCount(db.db, dueAlive)).toBe(dueAlive.length);
      expect(await appEvents('app.recovered')).toBe(1);
      await waitFor('the recovery email', async () => toOperators().length >= 2, 60_000, 500);
      expect(toOperators()).toEqual([`Wevion: Meta refuses app ${APP_ID} — token checks are held`, `Wevion: Meta accepts app ${APP_ID} again`]);
      // The owners of the six dead tokens, and only they, get the expiry email, once each.
      await waitFor('the owners’ emails', async () => smtp.received.length >= 2 + dying.length, 60_000, 500);
      const toOwners = smtp.received.filter((mail) => !mail.to.includes('ops@example.test'));
      expect(toOwners.map((mail) => mail.subject).sort()).toEqual(DYING.map((i) => `Meta token expired — Reconnect your Meta profile (Meta User ${userIdOf(i)})`).sort());
      console.info(`[chaos] ${incident.what} with ${atRotation}/${DUE} refreshed; held ${heldIds.length} checks; ${changes.length} expired after the fix`);
    } finally {
      await db.close();
    }
  }, 240_000);
});
}
