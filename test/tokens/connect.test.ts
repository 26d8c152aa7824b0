import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTED_SCOPES } from '../../src/tokens/scopes.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; metaId: string; status: string; tokenType: string; declinedScopes: string[]; grantedScopes: string[]; businesses: Array<{ name: string }>; expiresAt: string | null; needsReconnect: boolean };

describe('connect and reconnect through Meta OAuth', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(() => s.close());

  const profiles = async (cookie: string) => ((await (await s.request('/api/meta-users', { cookie })).json()) as { metaUsers: Profile[] }).metaUsers;

  it('redirects to the dialog with the 14 permissions and a state bound to the session', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect A' });
    const response = await s.request('/connect/meta', { cookie });
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${s.emulatorUrl}/dialog/oauth`);
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe('http://wevion.test/connect/meta/callback');
    expect(url.searchParams.get('scope')?.split(',')).toEqual([...REQUESTED_SCOPES]);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Signed out: to the sign-in page, no dialog.
    expect((await s.request('/connect/meta')).headers.get('location')).toMatch(/^\/login/);
  });

  it('connects with everything granted: Active, 60-day expiry, Business Managers, token encrypted at rest', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect B' });
    const back = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    expect(back.pathname).toBe('/meta-users');
    expect(back.searchParams.get('result')).toBe('connected');
    const [profile] = await profiles(cookie);
    expect(profile).toMatchObject({ metaId: '10001', status: 'active', tokenType: 'user', declinedScopes: [], needsReconnect: false });
    expect(profile!.businesses.map((b) => b.name)).toEqual(['Rossi Media Srl']);
    const days = (Date.parse(profile!.expiresAt!) - s.clock.now()) / 86_400_000;
    expect(days).toBeGreaterThan(55);
    expect(days).toBeLessThan(61);
    const body = JSON.stringify(await (await s.request(`/api/meta-users/${profile!.id}`, { cookie })).json());
    expect(body).not.toMatch(/EAA[A-Za-z0-9]{20}/);
    const secrets = await s.database.db.selectFrom('secrets').select('ciphertext').execute();
    expect(secrets.some((row) => /EAA[A-Za-z0-9]{20}/.test(Buffer.from(row.ciphertext, 'base64').toString('latin1')))).toBe(false);
    const events = (await (await s.request(`/api/meta-users/${profile!.id}/events`, { cookie })).json()) as { events: Array<{ kind: string }> };
    expect(events.events.map((e) => e.kind)).toEqual(['connected']);
  });

  it('records declined permissions and re-asks them on reconnect (auth_type=rerequest)', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect C' });
    const back = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass', decline: ['ads_management', 'catalog_management'] });
    expect(back.searchParams.get('result')).toBe('connected');
    const [profile] = await profiles(cookie);
    expect(profile!.declinedScopes).toEqual(['ads_management', 'catalog_management']);
    expect(profile!.grantedScopes).not.toContain('ads_management');
    const reconnect = (await (await s.request(`/api/meta-users/${profile!.id}/reconnect`, { method: 'POST', cookie })).json()) as { url: string };
    expect(new URL(reconnect.url).searchParams.get('auth_type')).toBe('rerequest');
    // Granting everything this time clears the warning, on the same profile.
    const again = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${profile!.id}/reconnect`, startMethod: 'POST' });
    expect(again.searchParams.get('result')).toBe('reconnected');
    const after = await profiles(cookie);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(profile!.id);
    expect(after[0]!.declinedScopes).toEqual([]);
  });

  it('stores nothing when the person cancels on Meta', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect D' });
    const back = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass', cancel: true });
    expect(back.searchParams.get('result')).toBe('cancelled');
    expect(await profiles(cookie)).toEqual([]);
  });

  it('updates the same profile when the same Meta user connects again, and refuses a different account on reconnect', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect E' });
    await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const [first] = await profiles(cookie);
    const before = await s.database.db.selectFrom('meta_users').select(['token_version', 'secret_id']).where('id', '=', first!.id).executeTakeFirstOrThrow();
    const again = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    expect(again.searchParams.get('result')).toBe('reconnected');
    const after = await s.database.db.selectFrom('meta_users').select(['token_version', 'secret_id']).where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(after.token_version).toBe(before.token_version + 1);
    expect(after.secret_id).toBe(before.secret_id);
    expect(await profiles(cookie)).toHaveLength(1);

    const refused = await s.connect(cookie, { email: 'mark@example.com', password: 'mark-pass', startPath: `/api/meta-users/${first!.id}/reconnect`, startMethod: 'POST' });
    expect(refused.searchParams.get('result')).toBe('different_account');
    expect(refused.searchParams.get('expected')).toBe('Giulia Rossi');
    expect(refused.searchParams.get('actual')).toBe('Mark Doe');
    const unchanged = await s.database.db.selectFrom('meta_users').select(['token_version']).where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(unchanged.token_version).toBe(after.token_version);
    expect(await profiles(cookie)).toHaveLength(1);
  });

  it('refuses a replayed state, a state from another session, and a forged one', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect F' });
    const start = new URL((await s.request('/connect/meta', { cookie })).headers.get('location')!);
    const form = new URLSearchParams(start.searchParams);
    form.set('email', 'giulia@example.it');
    form.set('password', 'giulia-pass');
    for (const scope of start.searchParams.get('scope')!.split(',')) form.append('granted', scope);
    const consent = await fetch(`${s.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    const other = await s.signIn({ workspace: 'Connect F' });
    const foreign = await s.request(`${back.pathname}${back.search}`, { cookie: other.cookie });
    expect(new URL(foreign.headers.get('location')!, 'http://x').searchParams.get('reason')).toBe('wrong_session');
    // The state was consumed by that attempt: the rightful session cannot replay it either.
    const replay = await s.request(`${back.pathname}${back.search}`, { cookie });
    expect(new URL(replay.headers.get('location')!, 'http://x').searchParams.get('reason')).toBe('state_used');
    const forged = await s.request(`/connect/meta/callback?code=abc&state=forged-state`, { cookie });
    expect(new URL(forged.headers.get('location')!, 'http://x').searchParams.get('reason')).toBe('state_invalid');
    expect(await profiles(cookie)).toEqual([]);
  });

  it('refuses an expired state (older than 10 minutes)', async () => {
    const { cookie } = await s.signIn({ workspace: 'Connect G' });
    const start = new URL((await s.request('/connect/meta', { cookie })).headers.get('location')!);
    await s.advance(11 * 60);
    const late = await s.request(`/connect/meta/callback?code=whatever&state=${start.searchParams.get('state')}`, { cookie });
    expect(new URL(late.headers.get('location')!, 'http://x').searchParams.get('reason')).toBe('state_expired');
  });

  it('only the owner or an admin may reconnect or delete a profile; another workspace gets 404', async () => {
    const owner = await s.signIn({ workspace: 'Connect H', role: 'member' });
    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const [profile] = await profiles(owner.cookie);
    const colleague = await s.signIn({ workspace: 'Connect H', role: 'member' });
    expect(await profiles(colleague.cookie)).toHaveLength(1);
    expect((await s.request(`/api/meta-users/${profile!.id}/reconnect`, { method: 'POST', cookie: colleague.cookie })).status).toBe(403);
    expect((await s.request(`/api/meta-users/${profile!.id}`, { method: 'DELETE', cookie: colleague.cookie })).status).toBe(403);
    const stranger = await s.signIn({ workspace: 'Connect Elsewhere', role: 'admin' });
    expect((await s.request(`/api/meta-users/${profile!.id}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await s.request(`/api/meta-users/${profile!.id}`, { method: 'DELETE', cookie: stranger.cookie })).status).toBe(404);
    expect((await s.request(`/api/meta-users/not-a-uuid`, { cookie: stranger.cookie })).status).toBe(404);
    const { secret_id: secretId } = await s.database.db.selectFrom('meta_users').select('secret_id').where('id', '=', profile!.id).executeTakeFirstOrThrow();
    const admin = await s.signIn({ workspace: 'Connect H', role: 'admin' });
    expect((await s.request(`/api/meta-users/${profile!.id}`, { method: 'DELETE', cookie: admin.cookie })).status).toBe(204);
    expect(await profiles(owner.cookie)).toEqual([]);
    // The token goes with the profile.
    expect(await s.database.db.selectFrom('secrets').select('id').where('id', '=', secretId).execute()).toEqual([]);
  });
});
