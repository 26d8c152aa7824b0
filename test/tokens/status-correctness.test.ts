/**
 * A token's status is never wrong: a check cannot undo a reconnect, only proof disables, and a
 * verification that fails never hides the caller's Graph error. Both engines (DATABASE_URL).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; status: string; lastError: { code: number | null; subcode: number | null; message: string } | null };

describe('token status is never wrong', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ env: { GRAPH_REQUEST_TIMEOUT_MS: '5000' } });
  });
  afterAll(() => s.close());

  async function connected(workspace: string) {
    const person = await s.signIn({ workspace, role: 'member', locale: 'it' });
    await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const list = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Profile[] };
    return { ...person, profileId: list.metaUsers[0]!.id };
  }
  const profile = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
  const notifications = async (cookie: string) => ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: unknown[] }).notifications;
  const assets = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}/assets?type=ad_account`, { cookie })).json()) as { assets: Array<{ metaId: string }> }).assets.map((a) => a.metaId);
  const events = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}/events`, { cookie })).json()) as { events: Array<{ kind: string; newStatus: string | null }> }).events;
  const queuedChecks = async (profileId: string) =>
    (await s.database.executeSql(`select count(*)::int as n from pgboss.job where name = 'token-verify' and data->>'profileId' = $1 and state = 'created'`, [profileId])).rows[0]?.n;
  const counter = async (outcome: string) => {
    const text = await s.application.registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith(`wevion_token_verifications_total{outcome="${outcome}"}`));
    return Number(line?.split(' ')[1] ?? NaN);
  };

  it('a reconnect committed while GET /me is in flight wins: Active with the new token, no notification, no revoked asset', async () => {
    const p = await connected('Race A');
    expect(await assets(p.cookie, p.profileId)).toEqual(['act_40001']);
    // The old token dies; Giulia picks a new password and reconnects while the check of the old
    // token waits on Meta. The first /me to arrive is held 2.5 s: the check's, started first.
    await s.control('POST', '/__control/users/10001/change-password', { password: 'giulia-new-pass' });
    await s.control('POST', '/__control/faults', { match: { method: 'GET', path: '^/(v\\d+\\.\\d+/)?me$', userId: '10001' }, delayMs: 2_500, times: 1 });
    let verified = false;
    const check = s.application.tokens.verifier.verify(p.profileId).finally(() => {
      verified = true;
    });
    // The check has read the profile (and its token version) by now: it is waiting on Meta.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const back = await s.connect(p.cookie, { email: 'giulia@example.it', password: 'giulia-new-pass', startPath: `/api/meta-users/${p.profileId}/reconnect`, startMethod: 'POST' });
    expect(back.searchParams.get('result')).toBe('reconnected');
    expect(verified).toBe(false); // the reconnect really committed inside the check
    // Whichever /me was held, the check judged the token it read, which the reconnect replaced.
    expect(await check).toBe('superseded');
    expect(await profile(p.cookie, p.profileId)).toMatchObject({ status: 'active', lastError: null });
    expect(await notifications(p.cookie)).toEqual([]);
    expect(await assets(p.cookie, p.profileId)).toEqual(['act_40001']);
    expect((await events(p.cookie, p.profileId)).filter((e) => e.kind === 'status_changed')).toEqual([]);
    // The new token works.
    expect((await s.request('/api/graph/proxy', { method: 'POST', cookie: p.cookie, json: { profileId: p.profileId, path: '/me' } })).status).toBe(200);
    await s.control('POST', '/__control/users/10001/change-password', { password: 'giulia-pass' });
    await s.application.tokens.verifier.verify(p.profileId);
  });

  describe('only proof disables: debug_token after /me is refused for another reason', () => {
    // /me refused with a permission error: not about the token, so debug_token is asked.
    const meRefused = { error: { message: '(#200) Requires pages_read_engagement permission', type: 'OAuthException', code: 200, fbtrace_id: 'AmePerm200' } };
    const debugAnswers: Array<[string, unknown, string, Partial<Profile>]> = [
      ['a 200 without data', { status: 200, body: {} }, 'inconclusive', { status: 'active' }],
      ['a 200 whose data has no is_valid', { status: 200, body: { data: { app_id: '777000111222333' } } }, 'inconclusive', { status: 'active' }],
      ['an unparseable 200', { status: 200, body: '<html><body>OK</body></html>' }, 'inconclusive', { status: 'active' }],
      ['an error of its own (code 190 on the call)', { status: 400, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, fbtrace_id: 'AdbgOwn190' } } }, 'inconclusive', { status: 'active' }],
      ['Meta down', { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true } } }, 'inconclusive', { status: 'active' }],
      [
        'is_valid:false with a 190/460',
        { status: 200, body: { data: { app_id: '777000111222333', type: 'USER', is_valid: false, error: { code: 190, message: 'Error validating access token: The session has been invalidated because the user changed their password', subcode: 460 }, scopes: [], user_id: '10001' } } },
        'expired',
        { status: 'expired', lastError: { code: 190, subcode: 460, message: 'Password changed on Meta' } },
      ],
      [
        'is_valid:false for another cause',
        { status: 200, body: { data: { app_id: '777000111222333', type: 'USER', is_valid: false, error: { code: 10, message: 'Application does not have permission for this action', subcode: 2069032 }, scopes: [], user_id: '10001' } } },
        'inactive',
        { status: 'inactive', lastError: { code: 10, subcode: 2069032, message: expect.any(String) as unknown as string } },
      ],
      ['is_valid:true', { status: 200, body: { data: { app_id: '777000111222333', type: 'USER', is_valid: true, expires_at: 1_900_000_000, scopes: ['ads_read'], user_id: '10001' } } }, 'valid', { status: 'active' }],
    ];

    it.each(debugAnswers)('debug_token answers %s', async (name, respond, outcome, expected) => {
      const p = await connected(`Proof ${name}`);
      await s.control('POST', '/__control/faults', { match: { path: '^/(v\\d+\\.\\d+/)?me$' }, respond: { status: 400, body: meRefused }, times: 1 });
      await s.control('POST', '/__control/faults', { match: { path: '^/(v\\d+\\.\\d+/)?debug_token$' }, respond, times: 10 });
      expect(await s.application.tokens.verifier.verify(p.profileId)).toBe(outcome);
      await s.control('DELETE', '/__control/faults');
      expect(await profile(p.cookie, p.profileId)).toMatchObject(expected);
      if (outcome === 'inconclusive') expect(await queuedChecks(p.profileId)).toBe(1);
      expect(await notifications(p.cookie)).toHaveLength(outcome === 'expired' || outcome === 'inactive' ? 1 : 0);
    });
  });

  it('a verification that fails (the vault) never hides the Graph error: the caller gets its 190, the failure is counted', async () => {
    const p = await connected('Vault A');
    const before = await counter('error');
    await s.control('POST', '/__control/users/10001/change-password');
    // The call is slow at Meta; meanwhile the stored token becomes undecryptable, so the
    // verification started by its 190 fails reading it.
    await s.control('POST', '/__control/faults', { match: { path: '^/(v\\d+\\.\\d+/)?me/adaccounts$' }, delayMs: 500, times: 1 });
    const call = s.request('/api/graph/proxy', { method: 'POST', cookie: p.cookie, json: { profileId: p.profileId, path: '/me/adaccounts' } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sql`update secrets set ciphertext = 'AAAA' where id = (select secret_id from meta_users where id = ${p.profileId}::uuid)`.execute(s.database.db);
    const response = await call;
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'graph_error', category: 'token_expired', graphCode: 190, subcode: 460 } });
    expect(await counter('error')).toBe(before + 1);
    expect(s.logLines.some((line) => line.includes('token verification failed; the Graph error goes to the caller'))).toBe(true);
    expect((await profile(p.cookie, p.profileId)).status).toBe('active');
  });

  it('Sync now records a finished run even when the verification throws', async () => {
    const p = await connected('Vault B');
    await sql`update secrets set ciphertext = 'AAAA' where id = (select secret_id from meta_users where id = ${p.profileId}::uuid)`.execute(s.database.db);
    const response = await s.request(`/api/meta-users/${p.profileId}/sync`, { method: 'POST', cookie: p.cookie });
    expect(response.status).toBe(500);
    const last = (await (await s.request(`/api/meta-users/${p.profileId}/sync`, { cookie: p.cookie })).json()) as { lastSync: { finishedAt: string | null; summary: { error: string } } };
    expect(last.lastSync.finishedAt).not.toBeNull();
    expect(last.lastSync.summary).toMatchObject({ profileId: p.profileId, error: 'internal_error' });
  });
});
