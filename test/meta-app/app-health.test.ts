/**
 * Meta refusing the app itself is an operator alert, not a round of "reconnect" notifications:
 * while the app is unhealthy no profile changes status and the checks wait; once Meta accepts
 * the app again they run, and only the tokens that really died are marked. Both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertMetaUser } from '../helpers/factories.ts';
import { APP_ID, APP_SECRET, smallWorld, startTestService, type TestService } from '../helpers/service.ts';
import { startReceiver } from '../operators/receiver.ts';
import { startSmtpSink } from '../alerts/smtp.ts';

type Profile = { id: string; status: string; lastError: { code: number | null; subcode: number | null } | null };

describe('Meta app health', () => {
  let s: TestService;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver([200]);
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', } });
  });
  afterEach(async () => {
    await s.close();
    await receiver.close();
  });

  async function setUp() {
    const admin = await s.signIn({ workspace: 'App A', role: 'admin', locale: 'it' });
    const member = await s.signIn({ workspace: 'App A', role: 'member', locale: 'it' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(member.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: admin.cookie })).json()) as { metaUsers: Array<Profile & { metaId: string }> };
    const hook = await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: receiver.url, events: ['app.unhealthy', 'app.recovered', 'token.expired'] } });
    expect(hook.status).toBe(201);
    const { webhook } = (await hook.json()) as { webhook: { id: string } };
    return { admin, member, giulia: metaUsers.find((m) => m.metaId === '10001')!.id, mark: metaUsers.find((m) => m.metaId === '10002')!.id, webhookId: webhook.id };
  }
  const proxy = (cookie: string, profileId: string) => s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId, path: '/me/adaccounts' } });
  const status = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
  const notifications = async (cookie: string) => ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Array<{ type: string; profileId: string }> }).notifications;
  const events = async (cookie: string, webhookId: string) =>
    ((await (await s.request(`/api/webhooks/${webhookId}/deliveries`, { cookie })).json()) as { deliveries: Array<{ event: string }> }).deliveries.map((d) => d.event).sort();
  const gauge = async (name: string) => Number((await s.application.registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1]);
  const appHealth = async (cookie: string) => ((await (await s.request('/api/meta-app', { cookie })).json()) as { metaApp: { healthy: boolean; reason: string | null; heldVerifications: number } }).metaApp;

  it('the secret rotated on Meta: one operator alert, nobody marked or told; fixed: the held checks run and only the dead token is Expired', async () => {
    const p = await setUp();
    await s.control('POST', `/__control/apps/${APP_ID}/rotate-secret`, { secret: 'rotated-in-the-dashboard-0123' });

    // Every proof we make is refused now (code 100): that points at the app, which is checked.
    const refused = await proxy(p.member.cookie, p.mark);
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ error: { graphCode: 100 } });
    expect(await appHealth(p.admin.cookie)).toMatchObject({ healthy: false, reason: 'app_token_refused', heldVerifications: 0 });
    expect(await gauge('wevion_meta_app_healthy')).toBe(0);
    expect((await (await s.request('/api/meta-app', { cookie: p.member.cookie })).status)).toBe(403);
    const ready = (await (await s.request('/readyz')).json()) as { ok: boolean; metaApp?: { healthy: boolean } };
    expect(ready).toMatchObject({ ok: true, metaApp: { healthy: false } });

    // Giulia changes her Meta password meanwhile: her token really dies, but the check waits.
    await s.control('POST', '/__control/users/10001/change-password');
    expect((await proxy(p.admin.cookie, p.giulia)).status).toBe(502);
    expect((await proxy(p.member.cookie, p.mark)).status).toBe(502);
    expect(await s.application.tokens.verifier.verify(p.mark)).toBe('held');
    expect((await status(p.admin.cookie, p.giulia)).status).toBe('active');
    expect((await status(p.admin.cookie, p.mark)).status).toBe('active');
    expect(await notifications(p.admin.cookie)).toEqual([]);
    expect(await notifications(p.member.cookie)).toEqual([]);
    expect(await appHealth(p.admin.cookie)).toMatchObject({ healthy: false, heldVerifications: 2 });
    expect(await events(p.admin.cookie, p.webhookId)).toEqual(['app.unhealthy']);
    // No refresh is attempted while it lasts.
    await s.advance(55 * 86_400);
    expect(await s.queue.runNow('token-refresh', {})).toMatchObject({ checked: 2, refreshed: 0, appUnhealthy: true });

    // The secret in the dashboard is set back to ours: Meta accepts the app again.
    await s.control('POST', `/__control/apps/${APP_ID}/rotate-secret`, { secret: APP_SECRET });
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'healthy', rechecked: 2 });
    expect(await events(p.admin.cookie, p.webhookId)).toEqual(['app.recovered', 'app.unhealthy']);
    expect(await appHealth(p.admin.cookie)).toMatchObject({ healthy: true, heldVerifications: 0 });
    const queued = await s.database.executeSql(`select data->>'profileId' as id from pgboss.job where name = 'token-verify' and state = 'created' order by 1`);
    expect(queued.rows.map((row) => row.id).sort()).toEqual([p.giulia, p.mark].sort());
    expect(await s.queue.runNow('token-verify', { profileId: p.giulia })).toEqual({ outcome: 'expired' });
    expect(await s.queue.runNow('token-verify', { profileId: p.mark })).toEqual({ outcome: 'valid' });
    expect(await status(p.admin.cookie, p.giulia)).toMatchObject({ status: 'expired', lastError: { code: 190, subcode: 460 } });
    expect((await status(p.admin.cookie, p.mark)).status).toBe('active');
    expect((await notifications(p.admin.cookie)).map((n) => [n.type, n.profileId])).toEqual([['token_expired', p.giulia]]);
    expect(await notifications(p.member.cookie)).toEqual([]);
    expect(await gauge('wevion_meta_app_healthy')).toBe(1);
    // The webhook bodies name the app and the cause, never a secret.
    const bodies = receiver.received.map((r) => r.body).join('\n');
    expect(bodies).not.toContain(APP_SECRET);
  });

  it('the app deleted: a 190 is not believed until the app is checked; restored, the same token is simply valid', async () => {
    const p = await setUp();
    await s.control('POST', `/__control/apps/${APP_ID}/delete`);
    const response = await proxy(p.admin.cookie, p.giulia);
    expect(await response.json()).toMatchObject({ error: { category: 'token_expired', graphCode: 190 } });
    expect((await status(p.admin.cookie, p.giulia)).status).toBe('active');
    expect(await appHealth(p.admin.cookie)).toMatchObject({ healthy: false, reason: 'app_invalid', heldVerifications: 1 });
    expect(await notifications(p.admin.cookie)).toEqual([]);

    await s.control('POST', `/__control/apps/${APP_ID}/restore`);
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'healthy', rechecked: 1 });
    expect(await s.queue.runNow('token-verify', { profileId: p.giulia })).toEqual({ outcome: 'valid' });
    expect((await status(p.admin.cookie, p.giulia)).status).toBe('active');
    expect(await notifications(p.admin.cookie)).toEqual([]);
    // Nothing to do any more: the minute job reads and stops.
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'idle', rechecked: 0 });
  });

  it('the app deleted a moment after a check passed: 50 refusals within a second change nothing, one operator alert; restored, the held checks change nothing', async () => {
    const admin = await s.signIn({ workspace: 'Storm', role: 'admin' });
    const users = Array.from({ length: 50 }, (_, i) => String(12_001 + i));
    const world = smallWorld();
    world.users.push(...users.map((id) => ({ id, name: `Storm ${id}`, email: `${id}@example.test`, password: 'pw' })));
    await s.control('PUT', '/__control/world', world);
    const ids: string[] = [];
    for (const userId of users) {
      const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, userId, kind: 'long', scopes: ['ads_read'] })) as { access_token: string };
      ids.push((await insertMetaUser(s.database.db, s.vault, { workspaceId: admin.workspaceId, metaUserId: userId, token: minted.access_token, connectedBy: admin.memberId })).id);
    }
    const hook = await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: receiver.url, events: ['app.unhealthy', 'app.recovered', 'token.expired', 'token.inactive'] } });
    const { webhook } = (await hook.json()) as { webhook: { id: string } };
    // Their tokens are due for a refresh, and the app has just passed a check.
    await s.advance(55 * 86_400);
    expect(await s.application.appHealth.check()).toEqual({ outcome: 'healthy' });
    const callsBefore = ((await s.control('GET', '/__control/calls')) as { calls: unknown[] }).calls.length;

    await s.control('POST', `/__control/apps/${APP_ID}/delete`);
    // Within the next second: one proxy call per profile (each refused with Meta's 190 "Error
    // validating application"), the refresh sweep, and direct verifications, all at once.
    const started = performance.now();
    const [answers, sweep, verdicts] = await Promise.all([
      Promise.all(ids.map((id) => proxy(admin.cookie, id))),
      s.queue.runNow('token-refresh', {}),
      Promise.all(ids.slice(0, 10).map((id) => s.application.tokens.verifier.verify(id))),
    ]);
    const seconds = (performance.now() - started) / 1000;
    expect(answers.every((answer) => answer.status === 502)).toBe(true);
    expect(verdicts.every((outcome) => outcome === 'held')).toBe(true);
    expect(sweep).toMatchObject({ refreshed: 0 });

    const statuses = await s.database.db.selectFrom('meta_users').select('status').where('id', 'in', ids).execute();
    expect(statuses.filter((row) => row.status !== 'active')).toEqual([]);
    expect(await notifications(admin.cookie)).toEqual([]);
    expect(await events(admin.cookie, webhook.id)).toEqual(['app.unhealthy']);
    expect(await gauge('wevion_meta_app_healthy')).toBe(0);
    expect(await appHealth(admin.cookie)).toMatchObject({ healthy: false, reason: 'app_invalid' });
    const held = (await appHealth(admin.cookie)).heldVerifications;
    expect(held).toBeGreaterThanOrEqual(10);
    // The checks of the app made meanwhile: one at a time, shared by everyone waiting.
    const calls = ((await s.control('GET', '/__control/calls')) as { calls: Array<{ path: string }> }).calls.slice(callsBefore);
    const appChecks = calls.filter((call) => call.path === `/${APP_ID}`).length;
    console.log(`deleted app: ${ids.length} profiles refused in ${seconds.toFixed(2)} s, ${appChecks} checks of the app, ${held} verifications held`);
    expect(appChecks).toBeGreaterThanOrEqual(1);

    await s.control('POST', `/__control/apps/${APP_ID}/restore`);
    expect(await s.queue.runNow('meta-app-check', {})).toEqual({ outcome: 'healthy', rechecked: held });
    const queued = await s.database.executeSql(`select data->>'profileId' as id from pgboss.job where name = 'token-verify' and state = 'created'`);
    for (const row of queued.rows as Array<{ id: string }>) expect(await s.queue.runNow('token-verify', { profileId: row.id })).toEqual({ outcome: 'valid' });
    const after = await s.database.db.selectFrom('meta_users').select('status').where('id', 'in', ids).execute();
    expect(after.filter((row) => row.status !== 'active')).toEqual([]);
    expect(await notifications(admin.cookie)).toEqual([]);
    expect(await events(admin.cookie, webhook.id)).toEqual(['app.recovered', 'app.unhealthy']);
  });

  it('a refusal that arrives after a passing check is judged by a newer check, spaced and shared', async () => {
    const s2 = await startTestService({ appCheckGapMs: 300 });
    try {
      const admin = await s2.signIn({ workspace: 'Spacing', role: 'admin' });
      const minted = (await s2.control('POST', '/__control/tokens', { appId: APP_ID, userId: '10001', kind: 'long', scopes: ['ads_read'] })) as { access_token: string };
      const id = (await insertMetaUser(s2.database.db, s2.vault, { workspaceId: admin.workspaceId, metaUserId: '10001', token: minted.access_token, connectedBy: admin.memberId })).id;
      expect(await s2.application.appHealth.check()).toEqual({ outcome: 'healthy' });
      // Meta's node still answers (the app is fine): the password change is real and confirmed,
      // but only by a check started after the refusal, at least 300 ms after the previous one.
      await s2.control('POST', '/__control/users/10001/change-password');
      const before = performance.now();
      const concurrent = await Promise.all(Array.from({ length: 20 }, () => s2.application.appHealth.check()));
      expect(concurrent.every((result) => result.outcome === 'healthy')).toBe(true);
      expect(await s2.application.tokens.verifier.verify(id)).toBe('expired');
      expect(performance.now() - before).toBeGreaterThanOrEqual(250);
      const calls = ((await s2.control('GET', '/__control/calls')) as { calls: Array<{ path: string }> }).calls;
      // One check at start-up of the test, one shared by the 20 concurrent callers, one for the confirmation.
      expect(calls.filter((call) => call.path === `/${APP_ID}`).length).toBe(3);
    } finally {
      await s2.close();
    }
  });
});

describe('operator email', () => {
  it('one email to OPERATOR_EMAILS when Meta refuses the app (a second check finding it still refused sends none), one when it accepts it again', async () => {
    const smtp = await startSmtpSink();
    const s = await startTestService({ env: { SMTP_URL: smtp.url, OPERATOR_EMAILS: 'ops@example.test, oncall@example.test' } });
    try {
      await s.control('POST', `/__control/apps/${APP_ID}/delete`);
      expect(await s.application.appHealth.check()).toMatchObject({ outcome: 'unhealthy', reason: 'app_invalid', code: 101 });
      expect(await s.application.appHealth.check()).toMatchObject({ outcome: 'unhealthy' });
      const jobs = async () => (await s.database.executeSql(`select id::text, data from pgboss.job where name = 'operator-alert' order by created_on`)).rows as Array<{ id: string; data: Record<string, unknown> }>;
      expect((await jobs()).map((job) => job.data.type)).toEqual(['app.unhealthy']);
      await s.queue.runNow('operator-alert', (await jobs())[0]!.data);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({ to: ['ops@example.test', 'oncall@example.test'], subject: `Wevion: Meta refuses app ${APP_ID} — token checks are held` });
      expect(smtp.received[0]!.text).toContain('Error validating application. Application has been deleted.');
      expect(smtp.received[0]!.text).not.toContain(APP_SECRET);
      await s.control('POST', `/__control/apps/${APP_ID}/restore`);
      expect(await s.application.appHealth.check()).toEqual({ outcome: 'healthy' });
      const recovered = (await jobs()).filter((job) => job.data.type === 'app.recovered');
      expect(recovered).toHaveLength(1);
      await s.queue.runNow('operator-alert', recovered[0]!.data);
      expect(smtp.received.map((mail) => mail.subject)).toEqual([`Wevion: Meta refuses app ${APP_ID} — token checks are held`, `Wevion: Meta accepts app ${APP_ID} again`]);
    } finally {
      await s.close();
      await smtp.close();
    }
  });
});
