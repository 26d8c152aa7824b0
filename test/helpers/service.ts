import { ManualClock } from '../../src/clock.ts';
import { composeApplication, type Application, type MetaSettings } from '../../src/compose.ts';
import type { Database } from '../../src/db/database.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { createApp } from '../../src/http/app.ts';
import type { Vault } from '../../src/vault/vault.ts';
import { memoryLogger, PUBLIC_URL, requester, signedInMember, testConfig, type TestApp } from './app.ts';
import { createTestDatabase } from './db.ts';
import { testVault } from './factories.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';
import { REQUESTED_SCOPES } from '../../src/tokens/scopes.ts';

export const APP_ID = '777000111222333';
export const APP_SECRET = 'emulated-app-secret-0123456789';
export const REDIRECT_URI = `${PUBLIC_URL}/connect/meta/callback`;

/** A small world: two people, one Business Manager with a system user, two ad accounts. */
export function smallWorld(overrides: Partial<World> = {}, app: Partial<World['apps'][number]> = {}): World {
  return {
    apps: [{ id: APP_ID, secret: APP_SECRET, name: 'Wevion test', redirectUris: [REDIRECT_URI], requireAppsecretProof: true, longLivedReexchange: 'extend', ...app }],
    users: [
      { id: '10001', name: 'Giulia Rossi', email: 'giulia@example.it', password: 'giulia-pass' },
      { id: '10002', name: 'Mark Doe', email: 'mark@example.com', password: 'mark-pass' },
    ],
    businesses: [{ id: '20001', name: 'Rossi Media Srl', admins: ['10001'], systemUsers: [{ id: '30001', name: 'Wevion Sync' }] }],
    adAccounts: [
      { id: 'act_40001', name: 'Rossi — Saldi', business: '20001', users: ['10001'], systemUsers: ['30001'], pixels: ['50001'] },
      { id: 'act_40002', name: 'Mark US', users: ['10002'] },
    ],
    pages: [{ id: '60001', name: 'Rossi Shop', business: '20001', users: ['10001'], systemUsers: ['30001'] }],
    pixels: [{ id: '50001', name: 'Rossi Pixel', business: '20001' }],
    catalogs: [{ id: '70001', name: 'Catalogo Rossi', business: '20001' }],
    campaigns: [{ id: '80001', adAccount: 'act_40001', name: 'Saldi invernali', status: 'ACTIVE' }],
    ...overrides,
  };
}

export interface TestService extends TestApp {
  database: Database & { url?: string };
  vault: Vault;
  application: Application;
  emulatorUrl: string;
  meta: MetaSettings;
  /** Calls the emulator's control API; returns the parsed JSON (or null). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Moves both clocks: ours and the emulator's virtual one. */
  advance(seconds: number): Promise<void>;
  /** Drives the OAuth round trip like a browser: our redirect, the dialog form, Meta's redirect back. */
  connect(cookie: string, options: { email: string; password: string; decline?: string[]; granted?: string[]; cancel?: boolean; startPath?: string; startMethod?: 'GET' | 'POST' }): Promise<URL>;
  signIn(options?: Parameters<typeof signedInMember>[2]): ReturnType<typeof signedInMember>;
  close(): Promise<void>;
}

export async function startTestService(options: { world?: World; env?: Record<string, string>; appCheckGapMs?: number; graphVersion?: string; role?: string; signalsBaseUrl?: () => string; eagerSignals?: boolean } = {}): Promise<TestService> {
  const database = await createTestDatabase();
  const emulator = await startEmulator({ port: 0, world: options.world ?? smallWorld() });
  const vault = testVault();
  const config = testConfig(options.env);
  const clock = new ManualClock(Date.now());
  const { logger, lines } = memoryLogger();
  const meta: MetaSettings = { appId: APP_ID, appSecret: APP_SECRET, graphUrl: emulator.url, dialogUrl: emulator.url, graphVersion: options.graphVersion ?? DEFAULT_GRAPH_VERSION, redirectUri: REDIRECT_URI };
  // random = 0 makes the full-jitter backoff wait 0 ms, so retries are immediate in tests.
  const application = composeApplication({ config, database, vault, clock, logger, meta, pollingIntervalSeconds: 0.5, random: () => 0, appCheckGapMs: options.appCheckGapMs ?? 0, ...(options.role ? { role: options.role } : {}), ...(options.signalsBaseUrl ? { signalsBaseUrl: options.signalsBaseUrl } : {}), ...(options.eagerSignals === false ? { eagerSignals: false } : {}) });
  const app = createApp({ config, database, clock, logger, registry: application.registry, queue: application.queue, routes: application.routes, metaApp: application.describeMetaApp, ownCredentials: application.appHealth.ownCredentials });
  await emulatorControl(emulator.url, 'POST', '/__control/clock', { now: new Date(clock.now()).toISOString() });
  // Started so jobs can be enqueued; tests run jobs themselves (runNow) for determinism.
  await application.queue.start({ work: false, schedule: false });

  const request = requester(app);
  const testApp: TestApp = { app, clock, queue: application.queue, logLines: lines, config, request };

  const service: TestService = {
    ...testApp,
    database,
    vault,
    application,
    emulatorUrl: emulator.url,
    meta,
    control: (method, path, body) => emulatorControl(emulator.url, method, path, body),
    advance: async (seconds) => {
      clock.advance(seconds * 1000);
      await emulatorControl(emulator.url, 'POST', '/__control/clock', { now: new Date(clock.now()).toISOString() });
    },
    signIn: (opts) => signedInMember(testApp, database, opts),
    connect: async (cookie, opts) => {
      const start =
        opts.startMethod === 'POST'
          ? new URL(((await (await request(opts.startPath!, { method: 'POST', cookie })).json()) as { url: string }).url)
          : new URL((await request(opts.startPath ?? '/connect/meta', { cookie })).headers.get('location') ?? 'missing:');
      const form = new URLSearchParams(start.searchParams);
      form.set('email', opts.email);
      form.set('password', opts.password);
      if (opts.cancel) form.set('cancel', '1');
      // With a user configuration (config_id) the dialog shows its permissions: the 14 here.
      const scopes = opts.granted ?? (start.searchParams.get('scope') ?? (start.searchParams.has('config_id') ? REQUESTED_SCOPES.join(',') : '')).split(',');
      for (const scope of scopes) if (!opts.decline?.includes(scope)) form.append('granted', scope);
      const consent = await fetch(`${emulator.url}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' });
      const back = new URL(consent.headers.get('location') ?? 'missing:');
      const callback = await request(`${back.pathname}${back.search}`, { cookie });
      return new URL(callback.headers.get('location') ?? 'missing:', PUBLIC_URL);
    },
    close: async () => {
      await application.close();
      await emulator.close();
      await database.close();
    },
  };
  return service;
}

async function emulatorControl(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
