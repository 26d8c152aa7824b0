import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallWorld, startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; status: string; lastError: { code: number; subcode: number | null; message: string } | null };
type Notification = { id: string; type: string; message: string; profileId: string; readAt: string | null; resolvedAt: string | null };

describe('verified expiry detection', () => {
  let s: TestService;
  beforeAll(async () => {
    // Sessions outlive the 61 days one test skips ahead.
    s = await startTestService({ env: { GRAPH_REQUEST_TIMEOUT_MS: '300', SESSION_TTL_HOURS: '2160' } });
  });
  afterAll(() => s.close());

  async function connected(workspace: string, locale: 'it' | 'en' = 'it', email = 'giulia@example.it', password = 'giulia-pass') {
    const person = await s.signIn({ workspace, role: 'member', locale });
    await s.connect(person.cookie, { email, password });
    const list = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Profile[] };
    return { ...person, profileId: list.metaUsers[0]!.id };
  }
  const proxy = (cookie: string, profileId: string, path = '/me/adaccounts') =>
    s.request('/api/graph/proxy', { method: 'POST', cookie, json: { profileId: profileId, method: 'GET', path, params: { fields: 'id,name' } } });
  const profile = async (cookie: string, id: string) => ((await (await s.request(`/api/meta-users/${id}`, { cookie })).json()) as { metaUser: Profile }).metaUser;
  const notifications = async (cookie: string) => ((await (await s.request('/api/notifications', { cookie })).json()) as { notifications: Notification[] }).notifications;

  it('serves Graph calls through the proxy without showing the token', async () => {
    const p = await connected('Health A');
    const response = await proxy(p.cookie, p.profileId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { data: Array<{ id: string }> } };
    expect(body.data.data.map((a) => a.id)).toEqual(['act_40001']);
    expect(JSON.stringify(body)).not.toMatch(/access_token|EAA[A-Za-z0-9]{20}/);
  });

  it('a password change on Meta: the next call confirms 190/460 → Expired, one Italian notification for many failing calls', async () => {
    const p = await connected('Health B', 'it');
    await s.control('POST', '/__control/users/10001/change-password');
    const results = await Promise.all(Array.from({ length: 5 }, () => proxy(p.cookie, p.profileId)));
    // A call that starts after another has confirmed the expiry is refused before Meta (409);
    // the others carry Meta's 190 (502). Either way each says the token expired.
    expect(results.filter((r) => r.status === 502).length).toBeGreaterThanOrEqual(1);
    for (const response of results) {
      const body = (await response.json()) as { error: { category?: string; code?: string; reason?: string } };
      if (response.status === 502) expect(body.error.category).toBe('token_expired');
      else expect({ status: response.status, ...body.error }).toMatchObject({ status: 409, code: 'token_unavailable', reason: 'token_expired' });
    }
    const after = await profile(p.cookie, p.profileId);
    expect(after.status).toBe('expired');
    expect(after.lastError).toMatchObject({ code: 190, subcode: 460, message: 'Password changed on Meta' });
    const list = await notifications(p.cookie);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: 'token_expired', message: 'Token Meta scaduto — Riconnetti il profilo Meta', profileId: p.profileId, readAt: null });
    const events = (await (await s.request(`/api/meta-users/${p.profileId}/events`, { cookie: p.cookie })).json()) as { events: Array<{ kind: string; oldStatus: string; newStatus: string; subcode: number; cause: string }> };
    expect(events.events.filter((e) => e.kind === 'status_changed')).toEqual([
      expect.objectContaining({ oldStatus: 'active', newStatus: 'expired', subcode: 460, cause: 'Password changed on Meta' }),
    ]);
    // While Expired, calls are refused before reaching Meta.
    const blocked = await proxy(p.cookie, p.profileId);
    expect(blocked.status).toBe(409);
    expect(await blocked.json()).toMatchObject({ error: { code: 'token_unavailable', reason: 'token_expired' } });

    // Reconnect: Active again, the notification resolved, marked read works.
    const back = await s.connect(p.cookie, { email: 'giulia@example.it', password: 'giulia-pass', startPath: `/api/meta-users/${p.profileId}/reconnect`, startMethod: 'POST' });
    expect(back.searchParams.get('result')).toBe('reconnected');
    expect((await profile(p.cookie, p.profileId)).status).toBe('active');
    const resolved = await notifications(p.cookie);
    expect(resolved[0]!.resolvedAt).not.toBeNull();
    expect((await s.request(`/api/notifications/${resolved[0]!.id}/read`, { method: 'POST', cookie: p.cookie })).status).toBe(204);
    expect((await notifications(p.cookie))[0]!.readAt).not.toBeNull();
    expect((await proxy(p.cookie, p.profileId)).status).toBe(200);
  });

  it('the English text for an English-speaking owner', async () => {
    const p = await connected('Health C', 'en', 'mark@example.com', 'mark-pass');
    await s.control('POST', '/__control/users/10002/logout');
    await proxy(p.cookie, p.profileId);
    expect((await profile(p.cookie, p.profileId)).lastError).toMatchObject({ code: 190, subcode: 467 });
    expect((await notifications(p.cookie)).map((n) => n.message)).toEqual(['Meta token expired — Reconnect your Meta profile']);
  });

  it('a token past its lifetime is Expired (190/463) at the next call', async () => {
    const p = await connected('Health D');
    await s.advance(61 * 86_400);
    await proxy(p.cookie, p.profileId);
    expect(await profile(p.cookie, p.profileId)).toMatchObject({ status: 'expired', lastError: { code: 190, subcode: 463 } });
  });

  it('a confirmed 102 makes the token Inactive with the token_inactive notification', async () => {
    const p = await connected('Health E', 'it');
    const body = { error: { message: 'Session key invalid or no longer valid', type: 'OAuthException', code: 102, fbtrace_id: 'AbC102' } };
    await s.control('POST', '/__control/faults', { match: { path: '^/me(/adaccounts)?$' }, respond: { status: 400, body } });
    await proxy(p.cookie, p.profileId);
    await s.control('DELETE', '/__control/faults');
    expect((await profile(p.cookie, p.profileId)).status).toBe('inactive');
    expect((await notifications(p.cookie)).map((n) => [n.type, n.message])).toEqual([['token_inactive', 'Token Meta disattivato — Riconnetti il profilo Meta']]);
  });

  it.each([
    ['HTTP 500', { respond: { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } } } }],
    ['code 2 is_transient', { respond: { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true } } } }],
    ['rate limit 17', { respond: { status: 400, body: { error: { message: 'User request limit reached', type: 'OAuthException', code: 17 } } } }],
    ['a timeout', { delayMs: 1_000 }],
    ['a dropped connection', { drop: true }],
    ['an HTML error page', { respond: { status: 502, body: '<html><body>Bad Gateway</body></html>' } }],
  ])('a 190 whose GET /me check meets %s leaves the token Active', async (_name, fault) => {
    const p = await connected(`Health storm ${_name}`);
    const expired = { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } };
    await s.control('POST', '/__control/faults', { match: { path: '^/me/adaccounts$' }, respond: { status: 400, body: expired } });
    await s.control('POST', '/__control/faults', { match: { path: '^/me$' }, ...fault });
    const response = await proxy(p.cookie, p.profileId);
    expect(response.status).toBe(502);
    await s.control('DELETE', '/__control/faults');
    expect((await profile(p.cookie, p.profileId)).status).toBe('active');
    expect(await notifications(p.cookie)).toEqual([]);
    // The check is queued for later rather than forgotten.
    const queued = await s.database.executeSql(`select count(*)::int as n from pgboss.job where name = 'token-verify' and data->>'profileId' = $1`, [p.profileId]);
    expect(queued.rows[0]?.n).toBe(1);
  });

  it('a 190 from a call while GET /me says the token is fine: nothing changes', async () => {
    const p = await connected('Health F');
    const expired = { error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } };
    await s.control('POST', '/__control/faults', { match: { path: '^/me/adaccounts$' }, respond: { status: 400, body: expired }, times: 1 });
    expect((await proxy(p.cookie, p.profileId)).status).toBe(502);
    expect((await profile(p.cookie, p.profileId)).status).toBe('active');
    expect((await proxy(p.cookie, p.profileId)).status).toBe(200);
  });
});

describe('System User tokens', () => {
  let s: TestService;
  beforeAll(async () => {
    const world = smallWorld();
    world.apps.push({ id: '999888777', secret: 'another-app-secret-000000', name: 'Other app', redirectUris: ['http://other.test/cb'] });
    s = await startTestService({ world });
  });
  afterAll(() => s.close());

  const token = async (body: Record<string, unknown>) => ((await s.control('POST', '/__control/tokens', body)) as { access_token: string }).access_token;

  it('an admin adds a valid one: Active, System User, never expires, its Business Manager found', async () => {
    const admin = await s.signIn({ workspace: 'SU A', role: 'admin' });
    const accessToken = await token({ appId: '777000111222333', systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'ads_management', 'business_management'] });
    const response = await s.request('/api/meta-users/system', { method: 'POST', cookie: admin.cookie, json: { accessToken, name: 'Sync bot' } });
    expect(response.status).toBe(201);
    const { metaUser } = (await response.json()) as { metaUser: Record<string, unknown> };
    expect(metaUser).toMatchObject({ name: 'Sync bot', tokenType: 'system_user', status: 'active', expiresAt: null, metaId: '30001' });
    expect((metaUser.businesses as Array<{ name: string }>).map((b) => b.name)).toEqual(['Rossi Media Srl']);
    expect(JSON.stringify(metaUser)).not.toContain(accessToken);
  });

  it.each([
    ['garbage', async () => 'not a token at all', /does not look like/],
    ['unknown to Meta', async () => 'EAAB' + 'x'.repeat(60), /Meta (refused|says)/],
    ['issued to another app', async () => token({ appId: '999888777', systemUserId: '30001', kind: 'system', scopes: ['ads_read'] }), /another Meta app/],
    ['a personal user token', async () => token({ appId: '777000111222333', userId: '10001', kind: 'long', scopes: ['ads_read'] }), /not a System User token/],
  ])('refuses %s with 422 invalid_token and stores nothing', async (_name, makeToken, message) => {
    const admin = await s.signIn({ workspace: `SU ${_name}`, role: 'admin' });
    const response = await s.request('/api/meta-users/system', { method: 'POST', cookie: admin.cookie, json: { accessToken: await makeToken() } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_token');
    expect(body.error.message).toMatch(message);
    expect(((await (await s.request('/api/meta-users', { cookie: admin.cookie })).json()) as { metaUsers: unknown[] }).metaUsers).toEqual([]);
  });

  it('is for admins only', async () => {
    const member = await s.signIn({ workspace: 'SU B', role: 'member' });
    const response = await s.request('/api/meta-users/system', { method: 'POST', cookie: member.cookie, json: { accessToken: 'whatever-token-value-123' } });
    expect(response.status).toBe(403);
  });
});
