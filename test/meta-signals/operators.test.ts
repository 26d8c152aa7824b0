/**
 * What operators have of Meta's push signals: `wevion meta subscribe` (a real process) subscribes
 * the app at $PUBLIC_URL/connect/meta/webhooks, Meta's handshake reaching the running service;
 * the doctor's `signals` line and `GET /api/meta-app` say whether the subscription is right and
 * when the last callback and webhook arrived; the metrics count deliveries by kind and outcome.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { checkMetaSignals } from '../../src/ops/doctor-signals.ts';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { runWevion } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, signedRequest, startSignalsService, VERIFY_TOKEN, type SignalsService } from './harness.ts';

describe('operators and Meta’s push signals', { timeout: 120_000 }, () => {
  let s: SignalsService;
  let env: Record<string, string>;
  let dropDb: () => Promise<void> = async () => {};

  beforeAll(async () => {
    s = await startSignalsService({ subscribe: false });
    env = {
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-signals-')),
      LOG_LEVEL: 'warn',
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: s.emulatorUrl,
      META_DIALOG_URL: s.emulatorUrl,
      // The running service is where Meta's handshake goes.
      PUBLIC_URL: s.base,
      META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
      TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      dropDb = own.drop;
    }
  });
  afterAll(async () => {
    await s?.close();
    await dropDb();
  });

  const config = () => loadConfig({ ...env, DATA_DIR: env.DATA_DIR! });
  const metaApp = async () => {
    const admin = await s.signIn({ workspace: 'Ops', role: 'admin' });
    return ((await (await s.request('/api/meta-app', { cookie: admin.cookie })).json()) as { signals: { subscription: { state: string }; lastDeauthorizeAt: string | null; lastWebhookAt: string | null } }).signals;
  };

  it('before: not subscribed, said by the doctor and the API', async () => {
    const check = await checkMetaSignals(config(), s.database);
    expect(check).toMatchObject({ name: 'signals', status: 'warn' });
    expect(check.detail).toContain('not subscribed to the permissions webhook: run `wevion meta subscribe`');
    expect((await metaApp()).subscription.state).toBe('missing');
  });

  it('wevion meta subscribe: Meta checks our URL with the verify token, subscribes, and what Meta holds is printed', async () => {
    const result = await runWevion(['meta', 'subscribe'], env);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { subscriptions: Array<{ object: string; callbackUrl: string; fields: string[] }>; check: string };
    expect(printed.subscriptions).toEqual([
      { object: 'permissions', callbackUrl: `${s.base}/connect/meta/webhooks`, active: true, fields: expect.arrayContaining(['connected', 'ads_management', 'business_management']) as unknown as string[] },
      { object: 'application', callbackUrl: `${s.base}/connect/meta/webhooks`, active: true, fields: ['business_integration_install', 'business_integration_uninstall', 'business_integration_update'] },
    ]);
    expect(printed.subscriptions[0]!.fields).toHaveLength(15);
    expect(printed.check).toBe(`subscribed to permissions (connected + 14 permissions) and application (3 business-integration fields) at ${s.base}/connect/meta/webhooks`);
    expect(result.stdout + result.stderr).not.toContain(APP_SECRET);
    expect(result.stdout + result.stderr).not.toContain(VERIFY_TOKEN);
  });

  it('wevion meta subscribe with another verify token: Meta cannot verify the URL, exit 1, nothing subscribed', async () => {
    await fetch(`${s.emulatorUrl}/${APP_ID}/subscriptions?access_token=${encodeURIComponent(`${APP_ID}|${APP_SECRET}`)}`, { method: 'DELETE' });
    const result = await runWevion(['meta', 'subscribe'], { ...env, META_WEBHOOK_VERIFY_TOKEN: 'another-verify-token-0123' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Meta refused the subscription: (#2200) callback verification failed: HTTP Status Code = 403');
    expect(result.stderr).not.toContain('another-verify-token-0123');
    expect((await checkMetaSignals(config(), s.database)).status).toBe('warn');
    expect((await runWevion(['meta', 'subscribe'], env)).code).toBe(0);
    const status = await runWevion(['meta', 'status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      urls: { deauthorize: `${s.base}/connect/meta/deauthorize`, dataDeletion: `${s.base}/connect/meta/data-deletion`, webhooks: `${s.base}/connect/meta/webhooks` },
      verifyTokenSet: true,
      subscription: { state: 'ok', missingFields: [] },
    });
  });

  it('after: the doctor says ok with the last arrivals, the API the same, the metrics count by kind and outcome', async () => {
    const seconds = Math.floor(s.clock.now() / 1000);
    const signed = signedRequest({ algorithm: 'HMAC-SHA256', issued_at: seconds, user_id: '99999' });
    expect((await s.post('/connect/meta/deauthorize', new URLSearchParams({ signed_request: signed }).toString(), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    expect((await s.post('/connect/meta/deauthorize', 'signed_request=forged.forged', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    const check = await checkMetaSignals(config(), s.database);
    expect(check).toMatchObject({ name: 'signals', status: 'ok' });
    expect(check.detail).toMatch(/^subscribed to permissions \(connected \+ 14 permissions\) and application \(3 business-integration fields\) at .*; last deauthorize callback \d{4}-\d\d-\d\dT[\d:.]+Z, data deletion callback never, webhook never$/);
    const signals = await metaApp();
    expect(signals.lastDeauthorizeAt).not.toBeNull();
    // The cached answer of the first test is replaced after `subscribe` only in the process that
    // subscribed: a fresh look says ok.
    expect((await s.application.metaSignals.describe({ fresh: true })).subscription?.state).toBe('ok');
    const metrics = await (await s.request('/metrics')).text();
    expect(metrics).toContain('wevion_meta_signals_total{kind="deauthorize",outcome="accepted"} 1');
    expect(metrics).toContain('wevion_meta_signals_total{kind="deauthorize",outcome="signature_invalid"} 1');
    // Two subscribes, each of two objects (permissions, application): Meta checks the URL for each.
    expect(metrics).toContain('wevion_meta_signals_total{kind="handshake",outcome="verified"} 4');
    expect(metrics).toContain('wevion_meta_signals_total{kind="handshake",outcome="refused"} 1');
    expect(metrics).toContain('wevion_meta_signal_changes_total{kind="deauthorize",outcome="unknown_person"} 1');
    expect(metrics).toMatch(/wevion_meta_signals_unprocessed \d+/);
  });
});
