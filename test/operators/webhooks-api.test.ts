import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import type { TokenEvent } from '../../src/tokens/deps.ts';
import type { MetaUser } from '../../src/tokens/tokens.queries.ts';
import { webhookBody, webhookEventFor } from '../../src/webhooks/events.ts';
import { signatureHeader, verifySignature } from '../../src/webhooks/signing.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

describe('webhook admin API', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(() => s.close());

  it('creates (secret shown once), lists, shows deliveries and deletes, within the workspace only', async () => {
    const admin = await s.signIn({ workspace: 'Api A', role: 'admin' });
    const created = await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: 'https://hooks.example.com/wevion', events: ['token.expired', 'token.expired', 'token.inactive'] } });
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: { id: string; url: string; events: string[] }; secret: string };
    expect(webhook).toMatchObject({ url: 'https://hooks.example.com/wevion', events: ['token.expired', 'token.inactive'] });
    expect(secret).toMatch(/^whsec_/);

    // Stored encrypted through the vault, not in clear.
    const row = await s.database.db.selectFrom('webhooks').innerJoin('secrets', 'secrets.id', 'webhooks.secret_id').select(['secrets.ciphertext', 'secrets.id']).where('webhooks.id', '=', webhook.id).executeTakeFirstOrThrow();
    expect(row.ciphertext).not.toContain(secret.slice(6));

    const list = await s.request('/api/webhooks', { cookie: admin.cookie });
    const listed = (await list.json()) as { webhooks: Array<Record<string, unknown>> };
    expect(listed.webhooks).toEqual([{ id: webhook.id, url: webhook.url, events: webhook.events, createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await (await s.request(`/api/webhooks/${webhook.id}/deliveries`, { cookie: admin.cookie })).json()).toEqual({ deliveries: [], nextCursor: null });

    // Another workspace's admin sees nothing and cannot delete it.
    const stranger = await s.signIn({ workspace: 'Api B', role: 'admin' });
    expect(((await (await s.request('/api/webhooks', { cookie: stranger.cookie })).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
    expect((await s.request(`/api/webhooks/${webhook.id}`, { method: 'DELETE', cookie: stranger.cookie })).status).toBe(404);
    expect((await s.request(`/api/webhooks/${webhook.id}/deliveries`, { cookie: stranger.cookie })).status).toBe(404);

    expect((await s.request(`/api/webhooks/${webhook.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect((await s.request(`/api/webhooks/${webhook.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
    expect(await s.database.db.selectFrom('secrets').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses non-http(s) URLs, unknown events, members and API keys', async () => {
    const admin = await s.signIn({ workspace: 'Api C', role: 'admin' });
    const member = await s.signIn({ workspace: 'Api C', role: 'member' });
    const post = (json: unknown, cookie = admin.cookie) => s.request('/api/webhooks', { method: 'POST', cookie, json });
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url', 'https://user:pass@example.com/x']) {
      const response = await post({ url });
      expect(response.status, url).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    expect((await post({ url: 'https://example.com', events: ['token.connected'] })).status).toBe(400);
    expect((await post({ url: 'https://example.com', events: [] })).status).toBe(400);
    expect((await post({ url: 'https://example.com' }, member.cookie)).status).toBe(403);
    expect((await s.request('/api/webhooks', { cookie: member.cookie })).status).toBe(403);
    expect((await s.request('/api/webhooks')).status).toBe(401);
    const { key } = await createApiKey(s.database.db, { workspace: 'Api C', name: 'insights' });
    expect((await s.request('/api/webhooks', { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    expect((await s.request('/api/webhooks/not-a-uuid', { method: 'DELETE', cookie: admin.cookie })).status).toBe(404);
  });
});

describe('webhook events and signatures', () => {
  const metaUser = {
    id: 'mu-1', workspaceId: 'ws-1', metaUserId: '10001', name: 'Giulia', email: 'giulia@example.it', tokenType: 'user', connection: 'login', clientBusinessId: null, status: 'expired', secretId: 'secret-row',
    tokenVersion: 1, expiresAt: new Date('2030-01-01T00:00:00Z'), dataAccessExpiresAt: null, grantedScopes: [], declinedScopes: [], needsReconnect: false,
    lastError: { code: 190, subcode: 463, message: 'Token expired', at: '2030-01-01T00:00:00Z' }, connectedBy: null, incidentId: null,
    statusChangedAt: new Date('2030-01-01T00:00:00Z'), lastRefreshedAt: null, refreshFailedSince: null, lastVerifiedAt: null,
  } satisfies MetaUser;

  it('maps token events to webhook events (a first connect is none)', () => {
    const event = (e: Partial<TokenEvent> & { type: TokenEvent['type'] }) => ({ metaUser, notificationIds: [], ...e }) as TokenEvent;
    expect(webhookEventFor(event({ type: 'status_changed', from: 'active', to: 'expired' }))).toBe('token.expired');
    expect(webhookEventFor(event({ type: 'status_changed', from: 'active', to: 'inactive' }))).toBe('token.inactive');
    expect(webhookEventFor(event({ type: 'refreshed' }))).toBe('token.refreshed');
    expect(webhookEventFor(event({ type: 'reconnected' }))).toBe('token.reconnected');
    expect(webhookEventFor(event({ type: 'refresh_not_extended' }))).toBe('token.refresh_not_extended');
    expect(webhookEventFor(event({ type: 'connected' }))).toBeUndefined();
    const body = webhookBody({ deliveryId: 'd-1', eventId: 'e-1', type: 'token.expired', at: new Date('2030-01-02T00:00:00Z'), event: event({ type: 'status_changed', from: 'active', to: 'expired' }) });
    expect(body).not.toContain('secret-row');
    expect(body).not.toContain('giulia@example.it');
    expect(JSON.parse(body)).toMatchObject({ id: 'd-1', eventId: 'e-1', type: 'token.expired', data: { metaUser: { id: 'mu-1', status: 'expired', lastError: { subcode: 463 } } } });
  });

  it('signs t.body with HMAC-SHA256 and checks the timestamp window', () => {
    const header = signatureHeader('whsec_test', 1_900_000_000, '{"a":1}');
    expect(header).toMatch(/^t=1900000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', header, '{"a":1}')).toBe(true);
    expect(verifySignature('whsec_test', header, '{"a":2}')).toBe(false);
    expect(verifySignature('whsec_test', header, '{"a":1}', { nowSeconds: 1_900_000_299 })).toBe(true);
    expect(verifySignature('whsec_test', header, '{"a":1}', { nowSeconds: 1_900_000_301 })).toBe(false);
    expect(verifySignature('whsec_test', `${header},v1=${'0'.repeat(64)}`, '{"a":1}')).toBe(true);
    expect(verifySignature('whsec_test', 'v1=abc', '{"a":1}')).toBe(false);
    expect(verifySignature('whsec_test', undefined, '{"a":1}')).toBe(false);
  });
});
