/**
 * One process of a rolling deploy starts with a wrong META_APP_SECRET while three healthy
 * workers are in the middle of a refresh sweep and a permission sync (four processes on one
 * PostgreSQL). Its configuration is its own problem:
 *   - 0 operator alerts (no app.unhealthy webhook, no operator email), 0 held verifications,
 *     0 status changes, 0 marketer notifications: the shared Meta app state never flips;
 *   - the bad process is not ready (/readyz 503 naming META_APP_SECRET, its gauge at 1) and works
 *     no job; the three others stay ready and finish the sweep between them;
 *   - restarted with the right secret, it is ready and works again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storeSecret } from '../../src/vault/secrets.queries.ts';
import { insertWebhook } from '../../src/webhooks/webhooks.queries.ts';
import { startSmtpSink, type SmtpSink } from '../alerts/smtp.ts';
import { freePort, type Spawned } from '../helpers/process.ts';
import { APP_ID } from '../helpers/service.ts';
import { startReceiver } from '../operators/receiver.ts';
import { chaosWorld, observer, postgresOnly, refreshedCount, startProcess, stopProcess, waitFor, type ChaosWorld } from './processes.ts';

const USERS = 120;
const DUE = 90;
const WRONG_SECRET = 'a-secret-from-the-wrong-vault-0000';

postgresOnly('one process started with a wrong app secret mid-sweep', () => {
  let w: ChaosWorld;
  let good: Array<{ process: Spawned; port: number }> = [];
  let bad: { process: Spawned; port: number } | undefined;
  let smtp: SmtpSink;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    return { process: await startProcess('worker', { ...env, WORKER_METRICS_PORT: String(port) }), port };
  };
  const readiness = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as { ok: boolean; metaCredentials?: { ok: boolean; variable: string | null; message: string | null } } };
  };
  const gauge = async (port: number, name: string) => Number((await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1]);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    receiver = await startReceiver([200]);
    w = await chaosWorld({ users: USERS, due: DUE, latencyMs: 150, extraEnv: { SMTP_URL: smtp.url, OPERATOR_EMAILS: 'ops@example.test', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    const secretId = await storeSecret(w.database.db, w.vault, 'whsec_chaos_receiver_secret_0123456789abcdef');
    await insertWebhook(w.database.db, { workspaceId: w.workspaceId, url: receiver.url, events: ['app.unhealthy', 'app.recovered', 'token.expired', 'token.inactive'], secretId, createdBy: w.memberId, at: new Date() });
    good = await Promise.all([1, 2, 3].map(() => start(w.env)));
  }, 120_000);

  afterAll(async () => {
    for (const worker of [...good, ...(bad ? [bad] : [])]) await stopProcess(worker.process);
    await w?.close();
    await smtp?.close();
    await receiver?.close();
  });

  it('makes no operator alert, holds nothing, changes no status; only that process is unready', async () => {
    const db = await observer(w.database.url!);
    const unfinished = async (name: string) => Number((await db.executeSql(`select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')`, [name])).rows[0]?.n);
    try {
      // The healthy workers have checked the app: the deployment's credentials are on record.
      await waitFor('the deployment’s credentials on record', async () => (await db.db.selectFrom('meta_app_health').select('credentials').where('app_id', '=', APP_ID).executeTakeFirst())?.credentials ?? undefined, 30_000);
      const sweep = await w.boss.send('token-refresh', {});
      for (const profileId of w.ids) await w.boss.send('permission-sync-token', { profileId });
      const atStart = await waitFor('the sweep to be under way', async () => {
        const n = await refreshedCount(db.db, w.ids.slice(0, DUE));
        return n >= 10 ? n : undefined;
      }, 60_000, 50);

      bad = await start({ ...w.env, META_APP_SECRET: WRONG_SECRET });
      expect(atStart, 'the bad process started in the middle of the sweep').toBeLessThan(DUE);
      const refused = await waitFor('the bad process to find its credentials refused', async () => {
        const answer = await readiness(bad!.port);
        return answer.status === 503 ? answer : undefined;
      }, 30_000);
      expect(refused.body).toMatchObject({ ok: false, metaCredentials: { ok: false, variable: 'META_APP_SECRET' } });
      expect(refused.body.metaCredentials?.message).toContain('META_APP_SECRET');
      expect(await gauge(bad.port, 'wevion_meta_app_credentials_refused')).toBe(1);

      await waitFor('the sweep to end', async () => (await db.executeSql(`select state from pgboss.job where id = $1`, [sweep])).rows[0]?.state === 'completed', 120_000, 500);
      await waitFor('the permission sync to end', async () => (await unfinished('permission-sync-token')) === 0, 180_000, 500);

      // Nothing shared changed, nobody was alerted or told.
      expect((await db.db.selectFrom('meta_app_health').select('healthy').where('app_id', '=', APP_ID).executeTakeFirst())?.healthy).toBe(true);
      expect(Number((await db.executeSql('select count(*)::int as n from held_verifications')).rows[0]?.n)).toBe(0);
      expect(await db.db.selectFrom('meta_user_events').select('profile_id').where('kind', '=', 'status_changed').execute()).toEqual([]);
      expect(await db.db.selectFrom('notifications').select('id').execute()).toEqual([]);
      expect(await db.db.selectFrom('webhook_deliveries').select('event').execute()).toEqual([]);
      expect(Number((await db.executeSql(`select count(*)::int as n from pgboss.job where name = 'operator-alert'`)).rows[0]?.n)).toBe(0);
      expect(smtp.received).toEqual([]);
      const statuses = await db.db.selectFrom('meta_users').select('status').execute();
      expect(statuses.every((row) => row.status === 'active')).toBe(true);
      // The healthy workers did all of it, and stayed ready.
      expect(await refreshedCount(db.db, w.ids.slice(0, DUE))).toBe(DUE);
      for (const worker of good) expect(await readiness(worker.port)).toMatchObject({ status: 200, body: { ok: true, metaCredentials: { ok: true } } });
      expect((await readiness(bad.port)).status).toBe(503);
      expect(bad.process.output()).toContain('check META_APP_SECRET');

      // Fixed and restarted, it is ready again.
      expect((await stopProcess(bad.process))?.code).toBe(0);
      bad = await start(w.env);
      await waitFor('the fixed process to be ready', async () => (await readiness(bad!.port)).status === 200, 30_000);
      console.info(`[chaos] the wrong secret joined at ${atStart}/${DUE} refreshed; 0 alerts, 0 held, 0 status changes`);
    } finally {
      await db.close();
    }
  }, 240_000);
});
