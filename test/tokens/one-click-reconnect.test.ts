import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { insertMetaUser } from '../helpers/factories.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

type Event = { kind: string; message: string | null; details: { scopes?: string[]; reason?: string; actual?: string } | null };

/**
 * `GET /connect/meta/reconnect/{id}` (issue 28): every "Reconnect" is one navigation straight to
 * Meta's dialog for that profile, for its owner or an admin (anyone else: 404), signed-out
 * browsers through the sign-in page and back, and the person lands on the profile's page. The
 * timeline keeps what Meta's dialog declined and every reconnect that put no token in place.
 */
describe('one-click reconnect and the timeline of a reconnect', () => {
  let s: TestService;
  let owner: Awaited<ReturnType<TestService['signIn']>>;
  let colleague: Awaited<ReturnType<TestService['signIn']>>;
  let admin: Awaited<ReturnType<TestService['signIn']>>;
  let giulia = '';

  beforeAll(async () => {
    s = await startTestService();
    owner = await s.signIn({ workspace: 'Reconnect', role: 'member' });
    colleague = await s.signIn({ workspace: 'Reconnect', role: 'member' });
    admin = await s.signIn({ workspace: 'Reconnect', role: 'admin' });
    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', decline: ['ads_management'] });
    giulia = (await s.database.db.selectFrom('meta_users').select('id').where('meta_user_id', '=', '10001').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => s?.close());

  const link = (id: string) => `/connect/meta/reconnect/${id}`;
  const events = async () => ((await (await s.request(`/api/meta-users/${giulia}/events?limit=100`, { cookie: owner.cookie })).json()) as { events: Event[] }).events;

  it('the connect’s declined permission is on the timeline, with the permissions Meta’s dialog left unticked', async () => {
    const timeline = await events();
    expect(timeline.map((e) => e.kind).sort()).toEqual(['connected', 'permissions_declined']);
    expect(timeline.find((e) => e.kind === 'permissions_declined')!.details).toEqual({ scopes: ['ads_management'] });
    expect(timeline.find((e) => e.kind === 'connected')!.details).toBeNull();
  });

  it('sends the owner straight to Meta’s dialog for that profile, re-asking what was declined, with a state bound to the session', async () => {
    const response = await s.request(link(giulia), { cookie: owner.cookie });
    expect(response.status).toBe(302);
    const dialog = new URL(response.headers.get('location')!);
    expect(`${dialog.origin}${dialog.pathname}`).toBe(`${s.emulatorUrl}/dialog/oauth`);
    expect(dialog.searchParams.get('auth_type')).toBe('rerequest');
    expect(dialog.searchParams.get('redirect_uri')).toBe('http://wevion.test/connect/meta/callback');
    // Meta's redirect back in another session is refused, and the state is spent.
    const form = new URLSearchParams(dialog.searchParams);
    form.set('email', 'giulia@example.it');
    form.set('password', 'giulia-pass');
    for (const scope of dialog.searchParams.get('scope')!.split(',')) form.append('granted', scope);
    const back = new URL((await fetch(`${s.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' })).headers.get('location')!);
    const foreign = await s.request(`${back.pathname}${back.search}`, { cookie: colleague.cookie });
    expect(new URL(foreign.headers.get('location')!, 'http://x').searchParams.get('reason')).toBe('wrong_session');
  });

  it('is the owner’s or an admin’s: a colleague and another workspace get 404, an API key 403, a signed-out browser signs in and comes back', async () => {
    expect((await s.request(link(giulia), { cookie: colleague.cookie })).status).toBe(404);
    const stranger = await s.signIn({ workspace: 'Elsewhere', role: 'admin' });
    expect((await s.request(link(giulia), { cookie: stranger.cookie })).status).toBe(404);
    expect((await s.request(link('not-an-id'), { cookie: admin.cookie })).status).toBe(404);
    const key = await createApiKey(s.database.db, { workspace: 'Reconnect', name: 'service', scopes: ['read'] });
    expect((await s.request(link(giulia), { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(403);
    const signedOut = await s.request(link(giulia));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toBe(`/login?next=${encodeURIComponent(link(giulia))}`);
    const byAdmin = await s.request(link('10001'), { cookie: admin.cookie });
    expect(byAdmin.status).toBe(302);
    expect(new URL(byAdmin.headers.get('location')!).origin).toBe(new URL(s.emulatorUrl).origin);
  });

  it('a System User is fixed by pasting a new token: its link opens its page', async () => {
    const system = await insertMetaUser(s.database.db, s.vault, { workspaceId: admin.workspaceId, metaUserId: '30001', token: 'system-token', tokenType: 'system_user', status: 'expired', connectedBy: admin.memberId });
    const response = await s.request(link(system.id), { cookie: admin.cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/meta-users/${system.id}`);
  });

  it('records every reconnect that put no token in place, with the reason, and returns to the profile’s page', async () => {
    const cancelled = await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', cancel: true, startPath: link(giulia) });
    expect(`${cancelled.pathname}?result=${cancelled.searchParams.get('result')}`).toBe(`/meta-users/${giulia}?result=cancelled`);

    const wrong = await s.connect(owner.cookie, { email: 'mark@example.com', password: 'mark-pass', startPath: link(giulia) });
    expect(wrong.pathname).toBe(`/meta-users/${giulia}`);
    expect(Object.fromEntries(wrong.searchParams)).toEqual({ result: 'different_account', expected: 'Giulia Rossi', actual: 'Mark Doe' });

    // Meta refuses the code (a code it never issued, with this session's state).
    const dialog = new URL((await s.request(link(giulia), { cookie: owner.cookie })).headers.get('location')!);
    const refused = await s.request(`/connect/meta/callback?code=not-a-code&state=${dialog.searchParams.get('state')}`, { cookie: owner.cookie });
    expect(refused.headers.get('location')).toMatch(new RegExp(`^/meta-users/${giulia}\\?result=error&reason=code_rejected&`));

    // Meta's own error, with its description.
    const again = new URL((await s.request(link(giulia), { cookie: owner.cookie })).headers.get('location')!);
    const metaError = await s.request(`/connect/meta/callback?error=server_error&error_description=${encodeURIComponent('Sorry, something went wrong.')}&state=${again.searchParams.get('state')}`, { cookie: owner.cookie });
    const failed = new URL(metaError.headers.get('location')!, 'http://x');
    expect(failed.searchParams.get('reason')).toBe('meta_error');
    expect(failed.searchParams.get('message')).toContain('server_error: Sorry, something went wrong.');

    const failures = (await events()).filter((e) => e.kind === 'reconnect_failed');
    expect(failures.map((e) => e.details).sort((a, b) => String(a?.reason).localeCompare(String(b?.reason)))).toEqual([
      { reason: 'cancelled' },
      { reason: 'code_rejected' },
      { reason: 'different_account', actual: 'Mark Doe' },
      { reason: 'meta_error' },
    ]);
    // A refused state knows no profile: nothing is written to any timeline.
    await s.request('/connect/meta/callback?code=x&state=forged', { cookie: owner.cookie });
    expect((await events()).filter((e) => e.kind === 'reconnect_failed')).toHaveLength(4);
  });

  it('a reconnect that declines again says so; one that grants everything lands on the profile, Active and complete', async () => {
    const declined = await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', decline: ['ads_management', 'catalog_management'], startPath: link(giulia) });
    expect(`${declined.pathname}?${declined.searchParams}`).toBe(`/meta-users/${giulia}?result=reconnected`);
    const latest = (await events()).filter((e) => e.kind === 'permissions_declined');
    expect(latest.map((e) => e.details?.scopes)).toContainEqual(['ads_management', 'catalog_management']);

    const granted = await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: link(giulia) });
    expect(granted.searchParams.get('result')).toBe('reconnected');
    const profile = (await (await s.request(`/api/meta-users/${giulia}`, { cookie: owner.cookie })).json()) as { metaUser: { declinedScopes: string[]; status: string } };
    expect(profile.metaUser).toMatchObject({ declinedScopes: [], status: 'active' });
    expect((await events()).filter((e) => e.kind === 'permissions_declined')).toHaveLength(2);
  });

  it('every in-app notice of a problem reconnects in one click; once resolved it opens the profile', async () => {
    await s.control('POST', '/__control/users/10001/change-password', { password: 'giulia-new-pass' });
    await s.request(`/api/meta-users/${giulia}/sync`, { method: 'POST', cookie: owner.cookie });
    type Notice = { type: string; actionPath: string; resolvedAt: string | null };
    const notices = async () => ((await (await s.request('/api/notifications', { cookie: owner.cookie })).json()) as { notifications: Notice[] }).notifications;
    expect((await notices()).find((n) => n.type === 'token_expired')).toMatchObject({ actionPath: link(giulia), resolvedAt: null });
    await s.connect(owner.cookie, { email: 'giulia@example.it', password: 'giulia-new-pass', startPath: link(giulia) });
    const after = await notices();
    expect(after.find((n) => n.type === 'token_expired')).toMatchObject({ actionPath: `/meta-users/${giulia}`, resolvedAt: expect.any(String) });
    expect(after.find((n) => n.type === 'token_recovered')?.actionPath).toBe(`/meta-users/${giulia}`);
  });
});
