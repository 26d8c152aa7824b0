/**
 * The OAuth round trip under attack: forged, replayed, expired and cross-session `state`;
 * `error=access_denied`; a code issued for another redirect URI; open-redirect attempts through
 * any parameter. Each refusal stores nothing and redeems no code at Meta (call log), and every
 * redirect we answer goes to Meta's dialog or to our own /meta-users, never elsewhere.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL } from '../helpers/app.ts';
import { REDIRECT_URI, smallWorld, startTestService, type TestService } from '../helpers/service.ts';

const OTHER_REDIRECT = 'https://partner.example/oauth/callback';
type Call = { path: string; status: number };

describe('OAuth connect under attack', () => {
  let s: TestService;

  beforeAll(async () => {
    s = await startTestService({ world: smallWorld({}, { redirectUris: [REDIRECT_URI, OTHER_REDIRECT] }), env: { SESSION_TTL_HOURS: '24' } });
  });
  afterAll(() => s?.close());

  const exchanges = async () => ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls.filter((c) => c.path === '/oauth/access_token').length;
  const stored = async () => {
    const [profiles, secrets] = await Promise.all([
      s.database.db.selectFrom('meta_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      s.database.db.selectFrom('secrets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { profiles: Number(profiles.n), secrets: Number(secrets.n) };
  };
  /** Our /connect/meta redirect, then Meta's dialog answered for `redirectUri`: Meta's redirect back. */
  async function consent(cookie: string, options: { redirectUri?: string; cancel?: boolean; startPath?: string } = {}) {
    const start = new URL((await s.request(options.startPath ?? '/connect/meta', { cookie })).headers.get('location')!);
    const form = new URLSearchParams(start.searchParams);
    if (options.redirectUri) form.set('redirect_uri', options.redirectUri);
    form.set('email', 'giulia@example.it');
    form.set('password', 'giulia-pass');
    if (options.cancel) form.set('cancel', '1');
    for (const scope of start.searchParams.get('scope')!.split(',')) form.append('granted', scope);
    const answer = await fetch(`${s.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' });
    return { start, back: new URL(answer.headers.get('location')!) };
  }
  const outcome = (response: Response) => {
    const location = response.headers.get('location')!;
    // Always our own page, as a path: never another origin, never protocol-relative.
    expect(location).toMatch(/^\/meta-users\?/);
    const url = new URL(location, PUBLIC_URL);
    expect(url.origin).toBe(PUBLIC_URL);
    return Object.fromEntries(url.searchParams);
  };

  it('refuses a forged state without redeeming the code', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth A' });
    const { back } = await consent(cookie);
    const before = { exchanges: await exchanges(), stored: await stored() };
    for (const state of ['forged', '', 'A'.repeat(43), back.searchParams.get('state')!.slice(0, -1), `${back.searchParams.get('state')}x`]) {
      const response = await s.request(`/connect/meta/callback?code=${encodeURIComponent(back.searchParams.get('code')!)}&state=${encodeURIComponent(state)}`, { cookie });
      expect(outcome(response)).toMatchObject({ result: 'error', reason: 'state_invalid' });
    }
    expect(await exchanges()).toBe(before.exchanges);
    expect(await stored()).toEqual(before.stored);
  });

  it('refuses a state from another session, or with no session, and then its replay', async () => {
    const victim = await s.signIn({ workspace: 'OAuth B' });
    const attacker = await s.signIn({ workspace: 'OAuth B' });
    const { back } = await consent(victim.cookie);
    const before = { exchanges: await exchanges(), stored: await stored() };
    const callback = `${back.pathname}${back.search}`;
    expect(outcome(await s.request(callback, { cookie: attacker.cookie }))).toMatchObject({ result: 'error', reason: 'wrong_session' });
    // The first try consumed the state: the rightful session cannot use it any more either.
    expect(outcome(await s.request(callback, { cookie: victim.cookie }))).toMatchObject({ result: 'error', reason: 'state_used' });
    const other = await consent(victim.cookie);
    expect(outcome(await s.request(`${other.back.pathname}${other.back.search}`))).toMatchObject({ result: 'error', reason: 'wrong_session' });
    expect(await exchanges()).toBe(before.exchanges);
    expect(await stored()).toEqual(before.stored);
  });

  it('a successful callback replayed is refused and exchanges nothing more', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth C' });
    const { back } = await consent(cookie);
    const callback = `${back.pathname}${back.search}`;
    expect(outcome(await s.request(callback, { cookie }))).toMatchObject({ result: 'connected' });
    const after = { exchanges: await exchanges(), stored: await stored() };
    expect(outcome(await s.request(callback, { cookie }))).toMatchObject({ result: 'error', reason: 'state_used' });
    expect(await exchanges()).toBe(after.exchanges);
    expect(await stored()).toEqual(after.stored);
  });

  it('refuses a state older than 10 minutes without redeeming the code', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth D' });
    const { back } = await consent(cookie);
    const before = { exchanges: await exchanges(), stored: await stored() };
    await s.advance(10 * 60 + 1);
    expect(outcome(await s.request(`${back.pathname}${back.search}`, { cookie }))).toMatchObject({ result: 'error', reason: 'state_expired' });
    expect(await exchanges()).toBe(before.exchanges);
    expect(await stored()).toEqual(before.stored);
  });

  it('error=access_denied stores nothing; with a forged state it is still refused as such', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth E' });
    const before = { exchanges: await exchanges(), stored: await stored() };
    const { back } = await consent(cookie, { cancel: true });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(outcome(await s.request(`${back.pathname}${back.search}`, { cookie }))).toEqual({ result: 'cancelled' });
    const forged = await s.request('/connect/meta/callback?error=access_denied&error_reason=user_denied&state=forged', { cookie });
    expect(outcome(forged)).toMatchObject({ result: 'error', reason: 'state_invalid' });
    expect(await exchanges()).toBe(before.exchanges);
    expect(await stored()).toEqual(before.stored);
  });

  it('a code issued for another redirect URI is refused by Meta and nothing is stored', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth F' });
    const { back } = await consent(cookie, { redirectUri: OTHER_REDIRECT });
    expect(back.origin).toBe(new URL(OTHER_REDIRECT).origin);
    const before = await stored();
    // The attacker replays the partner's code into our callback, with a state of this session.
    const response = await s.request(`/connect/meta/callback${back.search}`, { cookie });
    expect(outcome(response)).toMatchObject({ result: 'error', reason: 'code_rejected' });
    expect(await stored()).toEqual(before);
  });

  it('never redirects off-site, whatever the return parameters say', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth G' });
    const dialog = new URL(s.emulatorUrl).origin;
    const hostile = fc.oneof(
      fc.webUrl(),
      fc.constantFrom('https://evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'https:evil.example', '%2F%2Fevil.example', '/meta-users@evil.example'),
    );
    const names = fc.constantFrom('next', 'return_to', 'returnTo', 'redirect', 'redirect_uri', 'url', 'continue', 'target');
    await fc.assert(
      fc.asyncProperty(names, hostile, async (name, value) => {
        const q = `${name}=${encodeURIComponent(value)}`;
        // Starting a connect: the only way out is Meta's dialog, with our own callback.
        const start = await s.request(`/connect/meta?${q}`, { cookie });
        const to = new URL(start.headers.get('location')!);
        expect(to.origin).toBe(dialog);
        expect(to.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
        // Signed out, the sign-in page with a fixed return path.
        expect((await s.request(`/connect/meta?${q}`)).headers.get('location')).toBe('/login?next=/meta-users');
        // The callback, whatever its outcome, goes to our own page.
        outcome(await s.request(`/connect/meta/callback?code=x&state=y&${q}`, { cookie }));
        outcome(await s.request(`/connect/meta/callback?error=access_denied&${q}`, { cookie }));
      }),
      { numRuns: 40 },
    );
    const { back } = await consent(cookie, { startPath: '/connect/meta?next=https://evil.example' });
    const done = await s.request(`${back.pathname}${back.search}&next=https://evil.example&redirect_uri=//evil.example`, { cookie });
    expect(outcome(done)).toMatchObject({ result: 'connected' });
  });

  it('the one-click reconnect link goes to Meta’s dialog with our callback, and back to the profile’s own page, whatever its query says', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth I' });
    await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const [profile] = ((await (await s.request('/api/meta-users', { cookie })).json()) as { metaUsers: Array<{ id: string }> }).metaUsers;
    const start = await s.request(`/connect/meta/reconnect/${profile!.id}?next=https://evil.example&redirect_uri=//evil.example`, { cookie });
    const dialog = new URL(start.headers.get('location')!);
    expect(dialog.origin).toBe(new URL(s.emulatorUrl).origin);
    expect(dialog.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    // Signed out, the sign-in page with this very link to come back to, on our own origin.
    expect((await s.request(`/connect/meta/reconnect/${profile!.id}?next=https://evil.example`)).headers.get('location')).toBe(`/login?next=%2Fconnect%2Fmeta%2Freconnect%2F${profile!.id}`);
    const back = await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/connect/meta/reconnect/${profile!.id}?next=https://evil.example` });
    expect(back.origin).toBe(PUBLIC_URL);
    expect(back.pathname).toBe(`/meta-users/${profile!.id}`);
  });

  it('reconnect answers a dialog URL with our callback, ignoring any return URL in the body', async () => {
    const { cookie } = await s.signIn({ workspace: 'OAuth H' });
    await s.connect(cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const [profile] = ((await (await s.request('/api/meta-users', { cookie })).json()) as { metaUsers: Array<{ id: string }> }).metaUsers;
    const response = await s.request(`/api/meta-users/${profile!.id}/reconnect?next=https://evil.example`, { method: 'POST', cookie, json: { next: 'https://evil.example', redirect_uri: 'https://evil.example' } });
    expect(response.status).toBe(200);
    const url = new URL(((await response.json()) as { url: string }).url);
    expect(url.origin).toBe(new URL(s.emulatorUrl).origin);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
  });
});
