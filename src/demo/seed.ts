import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { REQUESTED_SCOPES } from '../tokens/scopes.ts';
import { DEMO_BUSINESS, DEMO_CAST, DEMO_META_PASSWORD, DEMO_SYSTEM_USER, type DemoMetaUser, type DemoState } from './cast.ts';

export interface DemoSeedDeps {
  /** Where this process listens (the seed is a client of the service, as a browser is). */
  serviceUrl: string;
  /** The service refuses writes from another origin: the seed says it comes from PUBLIC_URL. */
  publicUrl: string;
  emulatorUrl: string;
  app: { id: string; secret: string; redirectUri: string };
  account: { email: string; password: string };
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Aborted when the service stops: a seed cut short is reported, and the next start does not redo it half. */
  signal?: AbortSignal;
}

export interface DemoSeedReport {
  seededAt: string;
  profiles: Array<{ name: string; state: DemoState | 'system_user' | 'business'; profileId: string; status: string }>;
}

const DAY_S = 86_400;
// The emulator's long-lived tokens last 5,183,944 s (about 60 days): connecting this long ago
// leaves 5 days and a few hours, so the list says "5 days" for the whole first day of the demo.
const EXPIRING_CONNECTED_AGO_S = 5_183_944 - 5 * DAY_S - 6 * 3_600;

export const SEEDED_MARKER = 'demo-seeded.json';

/**
 * Fills a new demo workspace with one profile per state, every one reached the way it is reached
 * for real: tokens come from the emulator's OAuth dialog through our own Connect and callback,
 * then the emulator plays what Meta does (a password change, a session it no longer accepts, a
 * token it will not extend), and our own "Sync now" (verification, refresh) finds out. Nothing
 * is written to the database here. Runs once: a marker in DATA_DIR, or any profile already in
 * the workspace, means it was done (`wevion demo reset` removes both).
 */
export async function seedDemoWorkspace(deps: DemoSeedDeps): Promise<DemoSeedReport | 'already_seeded'> {
  const marker = path.resolve(deps.dataDir, SEEDED_MARKER);
  if (existsSync(marker)) return 'already_seeded';
  const service = serviceClient(deps);
  const control = controlClient(deps.emulatorUrl, deps.signal);
  await service.signIn();
  const existing = (await service.json('GET', '/api/meta-users')) as { metaUsers: unknown[] };
  if (existing.metaUsers.length > 0) {
    writeFileSync(marker, JSON.stringify({ seededAt: null, note: 'the workspace already had profiles' }));
    return 'already_seeded';
  }

  const profiles: DemoSeedReport['profiles'] = [];
  const byState = (state: DemoState) => DEMO_CAST.find((member) => member.state === state) as DemoMetaUser;

  // Active, with its Business Managers; and a declined permission (what it stops is on the page).
  for (const member of [byState('active'), byState('declined')]) {
    profiles.push({ name: member.name, state: member.state, ...(await service.connect(member)) });
  }

  // Expiring in 5 days, and Meta will not extend it: connected ~55 days ago on Meta's clock, then
  // the refresh (of "Sync now", then of the twice-daily job) meets Meta handing back the same
  // token, as Meta is reported to do.
  const expiring = byState('expiring');
  await setReexchange(control, deps.app, 'same');
  try {
    const connected = await control.atVirtualOffset(-EXPIRING_CONNECTED_AGO_S, () => service.connect(expiring));
    const sync = await service.syncNow(connected.profileId);
    if (sync.refresh !== 'notExtended') throw new Error(`demo seed: the refresh of ${expiring.name} answered ${sync.refresh}, not notExtended`);
    await service.runJob('token-refresh');
    profiles.push({ name: expiring.name, state: 'expiring', profileId: connected.profileId, status: sync.status });
  } finally {
    await setReexchange(control, deps.app, 'extend');
  }

  // Marco and Luca while their tokens still work, and a System User, which Business Manager
  // issues permanently and an admin pastes.
  const expired = byState('expired');
  const inactive = byState('inactive');
  const marco = await service.connect(expired);
  const luca = await service.connect(inactive);
  const minted = (await control.call('POST', '/__control/tokens', { appId: deps.app.id, systemUserId: DEMO_SYSTEM_USER.id, kind: 'system', scopes: DEMO_SYSTEM_USER.scopes })) as { access_token: string };
  const system = (await service.json('POST', '/api/meta-users/system', { accessToken: minted.access_token })) as { metaUser: { id: string; name: string; status: string } };
  // And the same business connected in one click: Emma, its admin, through Connect a business
  // (Facebook Login for Business), sharing everything. Both kinds of System User are seen.
  const business = await service.connectBusiness(DEMO_BUSINESS.adminEmail, DEMO_BUSINESS.id);

  // History before anything breaks: the real permission sync and data sync (insights, campaigns)
  // of every ad account, as the twice-daily and hourly jobs would have done, so every account has
  // spend in its currency and the accounts only Marco reaches keep theirs once his token breaks.
  await service.runJob('permission-sync');
  await service.runJob('insights-sync');

  // Expired: the password is changed on Meta (190/460); "Sync now" verifies and finds out.
  await control.call('POST', `/__control/users/${expired.metaUserId}/change-password`, {});
  profiles.push({ name: expired.name, state: 'expired', profileId: marco.profileId, status: (await service.syncNow(marco.profileId)).status });

  // Inactive: Meta answers the check with 102 (API session invalid), once.
  await control.call('POST', '/__control/faults', {
    match: { path: '^/me$', userId: inactive.metaUserId },
    respond: { status: 400, body: { error: { message: 'Session key invalid or no longer valid', type: 'OAuthException', code: 102 } } },
    times: 1,
  });
  profiles.push({ name: inactive.name, state: 'inactive', profileId: luca.profileId, status: (await service.syncNow(luca.profileId)).status });
  profiles.push({ name: system.metaUser.name, state: 'system_user', profileId: system.metaUser.id, status: system.metaUser.status });
  profiles.push({ name: DEMO_BUSINESS.name, state: 'business', profileId: business.profileId, status: business.status });
  // The last of the four recorded jobs, so the jobs page shows a real run of each.
  await service.runJob('session-cleanup');

  const report: DemoSeedReport = { seededAt: new Date(deps.clock.now()).toISOString(), profiles };
  writeFileSync(marker, JSON.stringify(report, null, 2));
  return report;
}

async function setReexchange(control: ReturnType<typeof controlClient>, app: DemoSeedDeps['app'], mode: 'same' | 'extend'): Promise<void> {
  // The same registration as at start (demo-meta.ts), with Meta's re-exchange behaviour chosen.
  await control.call('POST', '/__control/apps', { id: app.id, secret: app.secret, name: 'Wevion (demo)', redirectUris: [app.redirectUri], requireAppsecretProof: true, longLivedReexchange: mode }, null);
}

function controlClient(emulatorUrl: string, stopSignal: AbortSignal | undefined) {
  // Putting Meta's clock and the app's setting back runs even when the seed is being stopped:
  // the emulator saves its state as it closes, and a clock left 55 days behind would stay so.
  const call = async (method: string, pathname: string, body?: unknown, signal: AbortSignal | null = stopSignal ?? null): Promise<unknown> => {
    const response = await fetch(`${emulatorUrl}${pathname}`, {
      method,
      signal,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`demo seed: emulator ${method} ${pathname} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    call,
    /** Runs `fn` with Meta's clock moved by `offsetSeconds`, then puts it back where it would be. */
    async atVirtualOffset<T>(offsetSeconds: number, fn: () => Promise<T>): Promise<T> {
      const before = Date.parse(((await call('GET', '/__control/clock')) as { now: string }).now);
      const realStart = Date.now();
      await call('POST', '/__control/clock', { now: new Date(before + offsetSeconds * 1000).toISOString() });
      try {
        return await fn();
      } finally {
        await call('POST', '/__control/clock', { now: new Date(before + (Date.now() - realStart)).toISOString() }, null);
      }
    },
  };
}

interface SyncSummary {
  refresh: string;
  status: string;
}

function serviceClient(deps: DemoSeedDeps) {
  let cookie = '';
  const origin = new URL(deps.publicUrl).origin;
  const request = async (method: string, pathname: string, body?: unknown): Promise<Response> =>
    fetch(`${deps.serviceUrl}${pathname}`, {
      method,
      signal: deps.signal,
      redirect: 'manual',
      headers: { cookie, origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async (method: string, pathname: string, body?: unknown): Promise<unknown> => {
    const response = await request(method, pathname, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`demo seed: ${method} ${pathname} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const location = (response: Response, what: string): URL => {
    const target = response.headers.get('location');
    if (response.status !== 302 || !target) throw new Error(`demo seed: ${what} answered ${response.status}, not a redirect`);
    return new URL(target, deps.publicUrl);
  };
  return {
    json,
    async signIn(): Promise<void> {
      const response = await request('POST', '/api/session', deps.account);
      const session = response.headers.getSetCookie().find((line) => line.startsWith('wevion_session='));
      if (!response.ok || !session) throw new Error(`demo seed: signing in as ${deps.account.email} answered ${response.status}`);
      cookie = session.split(';')[0] as string;
    },
    /** Connect Meta Account as a browser does it: our redirect, Meta's dialog and form, Meta's redirect back to our callback. */
    async connect(member: DemoMetaUser): Promise<{ profileId: string; status: string }> {
      const dialogUrl = location(await request('GET', '/connect/meta'), 'Connect Meta Account');
      const page = await fetch(dialogUrl, { signal: deps.signal });
      if (!page.ok) throw new Error(`demo seed: Meta's dialog answered ${page.status}`);
      await page.text();
      // The form's hidden fields are the dialog's own parameters; each permission is a ticked box.
      const form = new URLSearchParams(dialogUrl.searchParams);
      form.set('email', member.email);
      form.set('password', DEMO_META_PASSWORD);
      // With the demo's user configuration (config_id) the dialog shows its permissions: the 14.
      const scopes = dialogUrl.searchParams.get('scope')?.split(',') ?? [...REQUESTED_SCOPES];
      for (const scope of scopes) if (scope && !member.decline?.includes(scope)) form.append('granted', scope);
      const consent = await fetch(`${deps.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual', signal: deps.signal });
      const back = location(consent, `Meta's dialog for ${member.email}`);
      const callback = location(await request('GET', `${back.pathname}${back.search}`), 'the connect callback');
      const profileId = callback.searchParams.get('profile');
      if (callback.searchParams.get('result') !== 'connected' || !profileId) throw new Error(`demo seed: connecting ${member.name} ended with ${callback.search}`);
      return { profileId, status: 'active' };
    },
    /** Connect a business as a browser does it: our redirect, Meta's business dialog in one post (every asset shared), our callback. */
    async connectBusiness(adminEmail: string, businessId: string): Promise<{ profileId: string; status: string }> {
      const dialogUrl = location(await request('GET', '/connect/meta/business'), 'Connect a business');
      const form = new URLSearchParams(dialogUrl.searchParams);
      form.set('email', adminEmail);
      form.set('password', DEMO_META_PASSWORD);
      form.set('business_id', businessId);
      const consent = await fetch(`${deps.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual', signal: deps.signal });
      const back = location(consent, `Meta's business dialog for ${adminEmail}`);
      const callback = location(await request('GET', `${back.pathname}${back.search}`), 'the connect callback');
      const profileId = callback.searchParams.get('profile');
      if (callback.searchParams.get('result') !== 'connected' || !profileId) throw new Error(`demo seed: connecting business ${businessId} ended with ${callback.search}`);
      return { profileId, status: 'active' };
    },
    /** "Run now" on the admin jobs page: the job runs here and now, and its run is recorded. */
    async runJob(name: string): Promise<void> {
      await json('POST', `/api/jobs/${name}/run`);
    },
    async syncNow(profileId: string): Promise<SyncSummary> {
      return ((await json('POST', `/api/meta-users/${profileId}/sync`)) as { sync: SyncSummary }).sync;
    },
  };
}

/**
 * The seed as `wevion serve` runs it: after the server listens (so /healthz answers at once),
 * in the background, logged; a failure is reported and leaves the demo usable, just emptier.
 */
export function startDemoSeed(deps: Omit<DemoSeedDeps, 'serviceUrl'> & { host: string; port: number }): Promise<DemoSeedReport | 'already_seeded' | 'failed'> {
  const { host, port, ...rest } = deps;
  const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return seedDemoWorkspace({ ...rest, serviceUrl: `http://${loopback}:${port}` }).then(
    (outcome) => {
      if (outcome === 'already_seeded') deps.logger.info('demo: workspace already seeded (wevion demo reset starts over)');
      else deps.logger.info({ profiles: outcome.profiles.map((p) => `${p.name}: ${p.state} (${p.status})`) }, 'demo: workspace seeded with one profile per state');
      return outcome;
    },
    (error: unknown) => {
      deps.logger.error({ err: error }, 'demo: seeding the workspace failed; the demo works, with fewer profiles (wevion demo reset starts over)');
      return 'failed' as const;
    },
  );
}
