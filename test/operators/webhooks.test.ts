import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { readSecret } from '../../src/vault/secrets.queries.ts';
import { memoryLogger } from '../helpers/app.ts';
import { smallWorld, startTestService, type TestService } from '../helpers/service.ts';
import { startReceiver } from './receiver.ts';
import { verifySignature } from '../../src/webhooks/signing.ts';
import { waitFor } from '../helpers/wait.ts';

type Profile = { id: string; status: string };
type Delivery = { id: string; event: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null };
type Created = { webhook: { id: string; url: string; events: string[] }; secret: string };

async function connected(s: TestService, workspace: string) {
  const person = await s.signIn({ workspace, role: 'admin' });
  await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
  const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Profile[] };
  return { ...person, profile: metaUsers[0]! };
}

async function createWebhook(s: TestService, cookie: string, json: unknown): Promise<Created> {
  const response = await s.request('/api/webhooks', { method: 'POST', cookie, json });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Created;
}

const deliveries = async (s: TestService, cookie: string, webhookId: string) =>
  ((await (await s.request(`/api/webhooks/${webhookId}/deliveries`, { cookie })).json()) as { deliveries: Delivery[] }).deliveries;

/** Makes Meta invalidate Giulia's token and a Graph call discover it: one token.expired event. */
async function expire(s: TestService, cookie: string, profileId: string) {
  await s.control('POST', '/__control/users/10001/change-password');
  const response = await s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId: profileId, path: '/me' } });
  expect(response.status).toBe(502);
}

describe('webhook deliveries', () => {
  let s: TestService;
  const closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    // The receivers listen on 127.0.0.1, an internal address deliveries refuse unless allowed.
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160', WEBHOOK_RETRY_LIMIT: '2', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await s.close();
  });

  it('signs token.expired with the endpoint secret, carries a stable delivery id and never the token', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    const p = await connected(s, 'Hooks A');
    const { webhook, secret } = await createWebhook(s, p.cookie, { url: receiver.url });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(webhook.events).toEqual(['token.expired', 'token.inactive', 'token.refreshed', 'token.reconnected', 'token.refresh_not_extended', 'app.unhealthy', 'app.recovered', 'app.api_version']);

    await expire(s, p.cookie, p.profile.id);
    const [pending] = await deliveries(s, p.cookie, webhook.id);
    expect(pending).toMatchObject({ event: 'token.expired', status: 'pending', attempts: 0 });
    // Queued after the commit, with the delivery id as the job id.
    const jobs = await s.database.executeSql(`select id::text from pgboss.job where name = 'webhook-deliver'`);
    expect(jobs.rows.map((row) => row.id)).toEqual([pending!.id]);

    expect(await s.queue.runNow('webhook-deliver', { deliveryId: pending!.id })).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.headers['x-wevion-delivery']).toBe(pending!.id);
    expect(request!.headers['x-wevion-event']).toBe('token.expired');
    expect(request!.headers['content-type']).toBe('application/json');
    const signature = request!.headers['x-wevion-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = Math.floor(s.clock.now() / 1000);
    expect(verifySignature(secret, signature, request!.body, { nowSeconds, toleranceSeconds: 300 })).toBe(true);
    expect(verifySignature(secret, signature, request!.body.replace('expired', 'active'), { nowSeconds })).toBe(false);
    expect(verifySignature(`${secret}x`, signature, request!.body, { nowSeconds })).toBe(false);
    expect(verifySignature(secret, signature, request!.body, { nowSeconds: nowSeconds + 3600, toleranceSeconds: 300 })).toBe(false);

    const body = JSON.parse(request!.body) as { id: string; type: string; workspaceId: string; data: { metaUser: Record<string, unknown> } };
    expect(body).toMatchObject({ id: pending!.id, type: 'token.expired', workspaceId: p.workspaceId });
    expect(body.data.metaUser).toMatchObject({ id: p.profile.id, metaId: '10001', status: 'expired', lastError: { code: 190, subcode: 460 } });
    const row = await s.database.db.selectFrom('meta_users').select('secret_id').where('id', '=', p.profile.id).executeTakeFirstOrThrow();
    const token = await readSecret(s.database.db, s.vault, row.secret_id);
    expect(request!.body).not.toContain(token);
    expect(request!.body).not.toContain(row.secret_id);
    expect(request!.body).not.toMatch(/access_token|EAA[A-Za-z0-9]{20}/);

    expect(await deliveries(s, p.cookie, webhook.id)).toEqual([expect.objectContaining({ id: pending!.id, status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null })]);
    // Delivered once is done: running the job again (pg-boss redelivery) sends nothing.
    expect(await s.queue.runNow('webhook-deliver', { deliveryId: pending!.id })).toMatchObject({ status: 'skipped' });
    expect(receiver.received).toHaveLength(1);
    // The secret is never shown again, nor logged.
    const listed = await (await s.request('/api/webhooks', { cookie: p.cookie })).text();
    expect(listed).not.toContain(secret);
    expect(s.logLines.join('')).not.toContain(secret);
  });

  it('sends token.refreshed and token.reconnected to the endpoints subscribed to them', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    const p = await connected(s, 'Hooks B');
    const refreshedOnly = await createWebhook(s, p.cookie, { url: `${receiver.url}?only=refreshed`, events: ['token.refreshed'] });
    const all = await createWebhook(s, p.cookie, { url: receiver.url });

    await s.advance(53 * 86_400);
    const run = await s.request('/api/jobs/token-refresh/run', { method: 'POST', cookie: p.cookie });
    expect(((await run.json()) as { summary: Record<string, number> }).summary).toMatchObject({ refreshed: 1 });
    const back = await s.connect(p.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${p.profile.id}/reconnect`, startMethod: 'POST' });
    expect(back.searchParams.get('result')).toBe('reconnected');

    expect((await deliveries(s, p.cookie, refreshedOnly.webhook.id)).map((d) => d.event)).toEqual(['token.refreshed']);
    const toAll = await deliveries(s, p.cookie, all.webhook.id);
    expect(toAll.map((d) => d.event).sort()).toEqual(['token.reconnected', 'token.refreshed']);
    for (const d of [...toAll, ...(await deliveries(s, p.cookie, refreshedOnly.webhook.id))]) {
      expect(await s.queue.runNow('webhook-deliver', { deliveryId: d.id })).toMatchObject({ status: 'delivered' });
    }
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; eventId: string; data: { metaUser: { status: string } } });
    expect(bodies.map((b) => b.type).sort()).toEqual(['token.reconnected', 'token.refreshed', 'token.refreshed']);
    // One event, two endpoints: one eventId, two delivery ids.
    const refreshed = bodies.filter((b) => b.type === 'token.refreshed');
    expect(refreshed[0]!.eventId).toBe(refreshed[1]!.eventId);
    expect(new Set(receiver.received.map((r) => r.headers['x-wevion-delivery'])).size).toBe(3);
  });

  it('retries with pg-boss backoff: 500, 500, 200 is one delivery id three times and ends delivered; always 500 ends failed and visible', async () => {
    const flaky = await startReceiver([500, 500, 200]);
    const dead = await startReceiver([500]);
    closers.push(flaky.close, dead.close);
    const p = await connected(s, 'Hooks C');
    const toFlaky = await createWebhook(s, p.cookie, { url: flaky.url, events: ['token.expired'] });
    const toDead = await createWebhook(s, p.cookie, { url: dead.url, events: ['token.expired'] });

    // A worker like `wevion worker`, on the same database (retry delay 1 s, limit 2: three attempts).
    const { logger } = memoryLogger();
    const worker: JobQueue = createJobQueue({
      database: s.database,
      clock: s.clock,
      logger,
      jobs: s.queue.definitions().filter((job) => job.name === 'webhook-deliver'),
      scheduleTimeZone: 'UTC',
      pollingIntervalSeconds: 0.5,
    });
    await worker.start({ work: true, schedule: false });
    closers.push(() => worker.stop(2_000));

    await expire(s, p.cookie, p.profile.id);
    const finished = async () => {
      const all = [...(await deliveries(s, p.cookie, toFlaky.webhook.id)), ...(await deliveries(s, p.cookie, toDead.webhook.id))];
      return all.length === 2 && all.every((d) => d.status !== 'pending');
    };
    await waitFor('both deliveries to finish', finished, 30_000, 200);

    const [ok] = await deliveries(s, p.cookie, toFlaky.webhook.id);
    expect(ok).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(flaky.received.map((r) => r.headers['x-wevion-delivery'])).toEqual([ok!.id, ok!.id, ok!.id]);
    // Every attempt sends the same bytes.
    expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);

    const [gaveUp] = await deliveries(s, p.cookie, toDead.webhook.id);
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(dead.received).toHaveLength(3);

    const metrics = await (await s.request('/metrics')).text();
    expect(metrics).toContain('wevion_webhook_attempts_total{event="token.expired",outcome="retrying"} 4');
    expect(metrics).toContain('wevion_webhook_attempts_total{event="token.expired",outcome="delivered"} 1');
    expect(metrics).toContain('wevion_webhook_attempts_total{event="token.expired",outcome="failed"} 1');
    expect(metrics).toContain('wevion_webhook_deliveries{status="failed"} 1');
  });

  it('an endpoint added after events were handled gets the next one: the remembered subscriptions are dropped on change', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    const p = await connected(s, 'Hooks cache');
    await s.connect(p.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: p.cookie })).json()) as { metaUsers: Array<{ id: string; metaId: string }> };
    const mark = metaUsers.find((u) => u.metaId === '10002')!;
    // The subscriptions cache is trusted only once the change feed listens.
    await waitFor('the change feed to listen', () => s.database.changes.sync())
    // No endpoint yet: the workspace is remembered as having none for token.expired.
    await expire(s, p.cookie, p.profile.id);
    const { webhook } = await createWebhook(s, p.cookie, { url: receiver.url, events: ['token.expired'] });
    await s.control('POST', '/__control/users/10002/change-password');
    expect((await s.request('/api/graph/proxy', { method: 'POST', cookie: p.cookie, json: { profileId: mark.id, path: '/me' } })).status).toBe(502);
    const [delivery] = await deliveries(s, p.cookie, webhook.id);
    expect(delivery).toMatchObject({ event: 'token.expired', status: 'pending' });
    expect(await s.queue.runNow('webhook-deliver', { deliveryId: delivery!.id })).toMatchObject({ status: 'delivered' });
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'token.expired', data: { metaUser: { id: mark.id } } });
  });

  it('the sweep queues a delivery whose job was lost (once, however often it runs) and gives up after the retry window', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    const p = await connected(s, 'Hooks D');
    const { webhook } = await createWebhook(s, p.cookie, { url: receiver.url });
    await expire(s, p.cookie, p.profile.id);
    const [pending] = await deliveries(s, p.cookie, webhook.id);
    // As if the process died between the commit and the send.
    await s.database.executeSql(`delete from pgboss.job where name = 'webhook-deliver'`);

    expect(await s.queue.runNow('webhook-sweep', {})).toMatchObject({ queued: 0 }); // too recent to be stale
    await s.advance(11 * 60);
    expect(await s.queue.runNow('webhook-sweep', {})).toMatchObject({ queued: 1, gaveUp: 0 });
    expect(await s.queue.runNow('webhook-sweep', {})).toMatchObject({ queued: 1 });
    const jobs = await s.database.executeSql(`select id::text from pgboss.job where name = 'webhook-deliver'`);
    expect(jobs.rows.map((row) => row.id)).toEqual([pending!.id]);

    // Retry limit 2 from 1 s: the window is seconds plus an hour of slack.
    await s.advance(2 * 3600);
    expect(await s.queue.runNow('webhook-sweep', {})).toMatchObject({ gaveUp: 1 });
    expect(await deliveries(s, p.cookie, webhook.id)).toEqual([expect.objectContaining({ status: 'failed', lastError: expect.stringContaining('gave up') })]);
  });
});

describe('webhook for a refresh Meta did not extend', () => {
  it('sends token.refresh_not_extended with needsReconnect, the token still Active', async () => {
    const s = await startTestService({ world: smallWorld({}, { longLivedReexchange: 'same' }), env: { SESSION_TTL_HOURS: '2160', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    const receiver = await startReceiver([204]);
    try {
      const p = await connected(s, 'Hooks E');
      const { webhook } = await createWebhook(s, p.cookie, { url: receiver.url, events: ['token.refresh_not_extended'] });
      await s.advance(54 * 86_400);
      const run = await s.request('/api/jobs/token-refresh/run', { method: 'POST', cookie: p.cookie });
      expect(((await run.json()) as { summary: Record<string, number> }).summary).toMatchObject({ notExtended: 1 });
      const [delivery] = await deliveries(s, p.cookie, webhook.id);
      expect(delivery).toMatchObject({ event: 'token.refresh_not_extended', status: 'pending' });
      expect(await s.queue.runNow('webhook-deliver', { deliveryId: delivery!.id })).toMatchObject({ status: 'delivered', statusCode: 204 });
      const body = JSON.parse(receiver.received[0]!.body) as { type: string; data: { metaUser: { status: string; needsReconnect: boolean } } };
      expect(body).toMatchObject({ type: 'token.refresh_not_extended', data: { metaUser: { status: 'active', needsReconnect: true } } });
    } finally {
      await receiver.close();
      await s.close();
    }
  });
});
