/**
 * Hostile deliveries on the four endpoints Meta uses (the two callbacks, the webhook and its
 * handshake, and the data deletion status page): forged, replayed, truncated, wrong-algorithm,
 * oversized and malformed requests are refused with a 4xx and the JSON error body, and nothing
 * is stored or changed. The app secret and the verify token never reach a log line. Both engines.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSignature } from '../../src/meta-signals/hub-signature.ts';
import { APP_SECRET, signedRequest, startSignalsService, VERIFY_TOKEN, type SignalsService } from './harness.ts';

const form = (value: string) => new URLSearchParams({ signed_request: value }).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('what does not hold is refused, and nothing is stored or changed', () => {
  let s: SignalsService;
  let owner: { cookie: string; profileId: string };
  let baseline: Awaited<ReturnType<SignalsService['counts']>>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    // The queue does not work here: a job queued by mistake would stay and be counted.
    s = await startSignalsService({ work: false, subscribe: false, callbacks: false });
    const person = await s.signIn({ workspace: 'Hostile', role: 'admin' });
    const back = await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    owner = { cookie: person.cookie, profileId: back.searchParams.get('profile') as string };
    baseline = await s.counts();
  });
  afterAll(() => s?.close());

  const payload = (extra: Record<string, unknown> = {}) => ({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(s.clock.now() / 1000), user_id: '10001', ...extra });
  const valid = () => signedRequest(payload());
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  /** Everything stayed as it was: no delivery stored, no job queued, the profile Active, no notification. */
  async function nothingChanged() {
    expect(await s.counts()).toEqual(baseline);
    const profile = ((await (await s.request(`/api/meta-users/${owner.profileId}`, { cookie: owner.cookie })).json()) as { metaUser: { status: string; grantedScopes: string[] } }).metaUser;
    expect(profile.status).toBe('active');
    expect(profile.grantedScopes).toContain('ads_management');
    expect(((await (await s.request('/api/notifications', { cookie: owner.cookie })).json()) as { notifications: unknown[] }).notifications).toEqual([]);
  }

  async function refused(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
  }

  describe.each(['/connect/meta/deauthorize', '/connect/meta/data-deletion'])('POST %s', (path) => {
    const cases: Array<[string, () => { body: string; headers?: Record<string, string> }, number, string]> = [
      ['forged (signed with another secret)', () => ({ body: form(signedRequest(payload(), 'not-the-app-secret')) }), 400, 'signed_request_invalid'],
      ['forged (a payload swapped under a real signature)', () => ({ body: form(`${valid().split('.')[0]}.${part(payload({ user_id: '10002' }))}`) }), 400, 'signed_request_invalid'],
      ['truncated (the signature cut)', () => ({ body: form(valid().slice(0, 20)) }), 400, 'signed_request_invalid'],
      ['truncated (the payload cut)', () => ({ body: form(valid().slice(0, -10)) }), 400, 'signed_request_invalid'],
      ['of the wrong algorithm', () => ({ body: form(signedRequest(payload({ algorithm: 'HMAC-SHA1' }))) }), 400, 'signed_request_invalid'],
      ['replayed (issued three days ago)', () => ({ body: form(signedRequest(payload({ issued_at: Math.floor(s.clock.now() / 1000) - 3 * 86_400 }))) }), 400, 'signal_expired'],
      ['issued a day ahead', () => ({ body: form(signedRequest(payload({ issued_at: Math.floor(s.clock.now() / 1000) + 86_400 }))) }), 400, 'signal_expired'],
      ['malformed (no signed_request)', () => ({ body: 'user_id=10001' }), 400, 'signed_request_invalid'],
      ['malformed (not base64url)', () => ({ body: form('a+b/c.d+e/f') }), 400, 'signed_request_invalid'],
      ['malformed (naming nobody)', () => ({ body: form(signedRequest({ algorithm: 'HMAC-SHA256', issued_at: now() })) }), 400, 'signed_request_invalid'],
      ['malformed (a JSON body that is not JSON)', () => ({ body: '{"signed_request":', headers: { 'content-type': 'application/json' } }), 400, 'signed_request_invalid'],
      ['oversized', () => ({ body: form(valid()) + '&padding=' + 'x'.repeat(70 * 1024) }), 413, 'payload_too_large'],
    ];
    it.each(cases)('%s → refused', async (_name, make, status, code) => {
      const { body, headers } = make();
      await refused(await s.request(path, { method: 'POST', body, headers: { ...FORM, ...headers } }), status, code);
      await nothingChanged();
    });

    it('oversized through the HTTP server (Content-Length above the limit) → 413 before the body is read', async () => {
      await refused(await s.post(path, form(valid()) + '&padding=' + 'x'.repeat(70 * 1024), FORM), 413, 'payload_too_large');
      await nothingChanged();
    });
  });

  describe('POST /connect/meta/webhooks', () => {
    const envelope = (time = Math.floor(s.clock.now() / 1000)) => JSON.stringify({ object: 'permissions', entry: [{ id: '10001', uid: '10001', time, changes: [{ field: 'ads_management', value: { verb: 'revoked' } }] }] });
    const JSON_TYPE = { 'content-type': 'application/json' };
    const cases: Array<[string, () => { body: string; headers: Record<string, string> }, number, string]> = [
      ['without a signature', () => ({ body: envelope(), headers: JSON_TYPE }), 401, 'signature_missing'],
      ['forged (signed with another secret)', () => ({ body: envelope(), headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature(envelope(), 'not-the-app-secret') } }), 403, 'signature_invalid'],
      ['changed after signing', () => ({ body: envelope().replace('revoked', 'granted'), headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature(envelope(), APP_SECRET) } }), 403, 'signature_invalid'],
      ['truncated', () => ({ body: envelope().slice(0, -5), headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature(envelope(), APP_SECRET) } }), 403, 'signature_invalid'],
      ['of the wrong algorithm (SHA-1 only)', () => ({ body: envelope(), headers: { ...JSON_TYPE, 'x-hub-signature': `sha1=${createHmac('sha1', APP_SECRET).update(envelope()).digest('hex')}`, 'x-hub-signature-256': `sha1=${createHmac('sha1', APP_SECRET).update(envelope()).digest('hex')}` } }), 403, 'signature_invalid'],
      ['replayed (every entry three days old)', () => ({ body: envelope(Math.floor(s.clock.now() / 1000) - 3 * 86_400), headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature(envelope(Math.floor(s.clock.now() / 1000) - 3 * 86_400), APP_SECRET) } }), 400, 'signal_expired'],
      ['malformed (well signed, not JSON)', () => ({ body: '{"object":', headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature('{"object":', APP_SECRET) } }), 400, 'invalid_json'],
      ['malformed (well signed, not an envelope)', () => ({ body: '{"entry":"x"}', headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature('{"entry":"x"}', APP_SECRET) } }), 400, 'invalid_input'],
      ['malformed (a change without a field)', () => ({ body: '{"object":"permissions","entry":[{"id":"1","changes":[{"value":1}]}]}', headers: { ...JSON_TYPE, 'x-hub-signature-256': hubSignature('{"object":"permissions","entry":[{"id":"1","changes":[{"value":1}]}]}', APP_SECRET) } }), 400, 'invalid_input'],
    ];
    it.each(cases)('%s → refused', async (_name, make, status, code) => {
      const { body, headers } = make();
      await refused(await s.request('/connect/meta/webhooks', { method: 'POST', body, headers }), status, code);
      await nothingChanged();
    });

    it('oversized (above 8 MiB, through the HTTP server) → 413', async () => {
      const body = JSON.stringify({ object: 'permissions', entry: [], padding: 'x'.repeat(8 * 1024 * 1024) });
      await refused(await s.post('/connect/meta/webhooks', body, { ...JSON_TYPE, 'x-hub-signature-256': hubSignature(body, APP_SECRET) }), 413, 'payload_too_large');
      await nothingChanged();
    });
  });

  describe('GET /connect/meta/webhooks (the handshake)', () => {
    const handshake = (query: Record<string, string>) => s.request(`/connect/meta/webhooks?${new URLSearchParams(query).toString()}`);
    it.each([
      ['another verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guessed-token-0123456789', 'hub.challenge': '1158201444' }],
      ['a verify token cut short', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN.slice(0, -1), 'hub.challenge': '1158201444' }],
      ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444' }],
      ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' }],
      ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }],
    ])('%s → 403', async (_name, query) => {
      await refused(await handshake(query), 403, 'verify_token_invalid');
      await nothingChanged();
    });

    it('our verify token gets the challenge back, as text', async () => {
      const response = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('1158201444');
    });
  });

  describe('GET /connect/meta/data-deletion/{code}', () => {
    it.each([
      ['a guessed code', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['a code too long', 'A'.repeat(300)],
      ['a code with other characters', "x'%20or%201=1--"],
    ])('%s → 404 (JSON error, or a short page)', async (_name, code) => {
      await refused(await s.request(`/connect/meta/data-deletion/${code}`, { headers: { accept: 'application/json' } }), 404, 'not_found');
      const page = await s.request(`/connect/meta/data-deletion/${code}`, { headers: { accept: 'text/html', 'accept-language': 'it' } });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Richiesta non trovata');
      await nothingChanged();
    });
  });

  it('a delivery Meta sends again is answered 200 and stored once', async () => {
    const body = form(valid());
    const first = await s.request('/connect/meta/deauthorize', { method: 'POST', body, headers: FORM });
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const stored = (await s.counts()).signals;
    const again = await s.request('/connect/meta/deauthorize', { method: 'POST', body, headers: FORM });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect((await s.counts()).signals).toBe(stored);
    const deletion = form(valid());
    const code = ((await (await s.request('/connect/meta/data-deletion', { method: 'POST', body: deletion, headers: FORM })).json()) as { confirmation_code: string }).confirmation_code;
    const repeated = ((await (await s.request('/connect/meta/data-deletion', { method: 'POST', body: deletion, headers: FORM })).json()) as { confirmation_code: string }).confirmation_code;
    expect(repeated).toBe(code);
    expect((await s.counts()).deletions).toBe(baseline.deletions + 1);
  });

  it('the app secret and the verify token never reach a log line', () => {
    const lines = s.logLines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain(APP_SECRET);
    expect(lines).not.toContain(VERIFY_TOKEN);
    expect(lines).not.toContain(encodeURIComponent(VERIFY_TOKEN));
  });
});
