import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, type TestService } from '../helpers/service.ts';
import { connectBusiness, events, profiles, startBusinessService, type Profile } from './business-harness.ts';

const DAY = 86_400;
// Sessions that outlast the 60 days the tests move the clock through.
const SESSIONS_LAST = { SESSION_TTL_HOURS: String(24 * 90) };
const refresh = async (s: TestService) => (await s.queue.runNow('token-refresh')) as Record<string, number>;
const notices = async (s: TestService, cookie: string) =>
  ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Array<{ type: string; message: string; profileId: string | null }> }).notifications;

/** Mints a 60-day token of the Business Manager's system user on Meta and pastes it, as an admin does. */
async function pasteSixtyDayToken(s: TestService, cookie: string): Promise<Profile> {
  const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'ads_management', 'business_management'], expiresInDays: 60 })) as { access_token: string };
  const added = await s.request('/api/meta-users/system', { method: 'POST', cookie, json: { accessToken: minted.access_token } });
  expect(added.status).toBe(201);
  return ((await added.json()) as { metaUser: Profile }).metaUser;
}

const daysLeft = (s: TestService, profile: Profile) => (Date.parse(profile.expiresAt!) - s.clock.now()) / (DAY * 1000);

describe('60-day System User tokens, pasted and business, renewed by the refresh job', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startBusinessService({ sixtyDays: true, env: SESSIONS_LAST });
  });
  afterAll(() => s.close());

  it('renews both the way Meta documents for each, on the virtual clock, and they stay System User tokens', async () => {
    const { cookie } = await s.signIn({ workspace: 'Sixty days' });
    const pasted = await pasteSixtyDayToken(s, cookie);
    expect(pasted).toMatchObject({ connection: 'pasted', tokenType: 'system_user' });
    const connected = await connectBusiness(s, cookie);
    expect('back' in connected && connected.back.searchParams.get('result')).toBe('connected');
    const business = (await profiles(s, cookie)).find((p) => p.connection === 'business')!;
    expect(daysLeft(s, business)).toBeCloseTo(60, 0);
    expect(daysLeft(s, pasted)).toBeCloseTo(60, 0);

    // Not due yet: nothing asked of Meta.
    expect(await refresh(s)).toMatchObject({ checked: 0 });
    await s.advance(54 * DAY);
    expect(await refresh(s)).toMatchObject({ checked: 2, refreshed: 2, failed: 0, notExtended: 0 });
    const after = await profiles(s, cookie);
    for (const profile of after) {
      expect(profile.tokenType).toBe('system_user');
      expect(profile.status).toBe('active');
      expect(profile.needsReconnect).toBe(false);
      expect(daysLeft(s, profile)).toBeCloseTo(60, 0);
      expect((await events(s, cookie, profile.id)).map((e) => e.kind)).toContain('refreshed');
    }
    expect(after.find((p) => p.id === business.id)!.connection).toBe('business');
    expect(after.find((p) => p.id === pasted.id)!.connection).toBe('pasted');
    // The renewed tokens work past the old ones' expiry: the new ones are in use.
    await s.advance(10 * DAY);
    for (const profile of after) {
      const sync = (await (await s.request(`/api/meta-users/${profile.id}/sync`, { method: 'POST', cookie })).json()) as { sync: { status: string } };
      expect(sync.sync.status).toBe('active');
    }
    // The business's token was renewed through its client business, as Meta documents for BISU tokens.
    const calls = (await s.control('GET', '/__control/calls?limit=500')) as { calls: Array<{ method: string; path: string }> };
    expect(calls.calls.some((c) => c.method === 'POST' && c.path === '/20001/system_user_access_tokens')).toBe(true);
  });
});

describe('a 60-day System User token whose renewal keeps failing', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startBusinessService({ sixtyDays: true, env: SESSIONS_LAST });
  });
  afterAll(() => s.close());

  it('a renewal that keeps failing is told 7 days ahead, with the way to fix each kind, in both languages', async () => {
    const admin = await s.signIn({ workspace: 'Sixty days failing', locale: 'it' });
    const english = await s.signIn({ workspace: 'Sixty days failing', locale: 'en' });
    const pasted = await pasteSixtyDayToken(s, admin.cookie);
    await connectBusiness(s, admin.cookie, { businessId: '20002' });
    const business = (await profiles(s, admin.cookie)).find((p) => p.connection === 'business')!;
    await s.advance(53 * DAY + 3600);
    const failing = { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } };
    await s.control('POST', '/__control/faults', { match: { path: '^/oauth/access_token$' }, respond: { status: 500, body: failing } });
    await s.control('POST', '/__control/faults', { match: { path: 'system_user_access_tokens$' }, respond: { status: 500, body: failing } });
    try {
      expect(await refresh(s)).toMatchObject({ failed: 2 });
      await s.advance(DAY + 3600);
      expect(await refresh(s)).toMatchObject({ failed: 2 });
    } finally {
      await s.control('DELETE', '/__control/faults');
    }
    const it = await notices(s, admin.cookie);
    expect(it.find((n) => n.profileId === business.id && n.type === 'token_expiring')?.message).toMatch(/^Token Meta in scadenza — Collega di nuovo l’azienda entro /);
    expect(it.find((n) => n.profileId === pasted.id && n.type === 'token_expiring')?.message).toMatch(/^Token Meta in scadenza — Incolla un nuovo token utente di sistema entro /);
    const en = await notices(s, english.cookie);
    expect(en.find((n) => n.profileId === business.id && n.type === 'token_expiring')?.message).toMatch(/^Meta token expiring — Connect the business again by /);
    expect(en.find((n) => n.profileId === pasted.id && n.type === 'token_expiring')?.message).toMatch(/^Meta token expiring — Paste a new System User token by /);
  });
});
