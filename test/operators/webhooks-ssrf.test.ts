import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeSecret } from '../../src/vault/secrets.queries.ts';
import { isInternalAddress } from '../../src/webhooks/target-guard.ts';
import { insertDelivery, insertWebhook } from '../../src/webhooks/webhooks.queries.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { startReceiver } from './receiver.ts';

/**
 * A workspace admin chooses webhook URLs; the service runs inside the platform's network. By
 * default no delivery may reach an internal address, whether written as an IP, as localhost, or
 * behind a name that resolves to one.
 */
describe('webhook targets (default: internal addresses refused)', () => {
  let s: TestService;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    s = await startTestService();
    receiver = await startReceiver([200]);
  });
  afterAll(async () => {
    await receiver.close();
    await s.close();
  });

  it('tells internal addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', 'hooks.example.com']) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });

  it('refuses to create a webhook on an internal host, naming the setting that allows it', async () => {
    const admin = await s.signIn({ role: 'admin' });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/x', 'http://api.localhost/x']) {
      const response = await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url } });
      expect(response.status, url).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('WEBHOOK_ALLOW_PRIVATE_TARGETS');
    }
    expect((await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: 'https://hooks.example.com/x' } })).status).toBe(201);
  });

  it('a delivery to a name that resolves to an internal address is refused when connecting; nothing reaches it', async () => {
    const admin = await s.signIn({ role: 'admin', workspace: 'Rebinding' });
    // As if the name had resolved to a public address when the webhook was created.
    const port = new URL(receiver.url).port;
    for (const host of ['localhost', '127.0.0.1']) {
      const secretId = await storeSecret(s.database.db, s.vault, 'whsec_test_secret_value_0123456789');
      const webhook = await insertWebhook(s.database.db, { workspaceId: admin.workspaceId, url: `http://${host}:${port}/hooks/wevion`, events: ['token.expired'], secretId, createdBy: null, at: new Date(s.clock.now()) });
      const id = crypto.randomUUID();
      await insertDelivery(s.database.db, { id, webhookId: webhook.id, event: 'token.expired', body: '{}', at: new Date(s.clock.now()) });
      await expect(s.queue.runNow('webhook-deliver', { deliveryId: id })).rejects.toThrow();
      const row = await s.database.db.selectFrom('webhook_deliveries').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status, host).toBe('pending');
      expect(row.last_error, host).toContain('internal address');
    }
    expect(receiver.received).toHaveLength(0);
  });
});
