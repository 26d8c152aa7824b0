/**
 * NUL and lone surrogates, end to end against the emulator, on both engines. What a person or a
 * service sends is refused at the boundary with 400 `invalid_input` naming the field (each of
 * these was a 500: PostgreSQL refuses NUL in text and jsonb, and jsonb a lone surrogate's escape).
 * What carries Meta's own answer (a report-back's body, the Graph client's answers) is cleaned
 * instead, the rest kept, so the status change it is for still happens and discovery still stores
 * what Meta named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { API_KEY_SCOPES } from '../../src/accounts/scopes.ts';
import { APP_ID, smallWorld, startTestService, type TestService } from '../helpers/service.ts';

type ErrorBody = { error: { code: string; message: string } };
type HealthEvent = { kind: string; newStatus: string | null; code: number | null; subcode: number | null; fbtraceId: string | null; message: string | null };

describe('NUL and lone surrogates: refused from callers, cleaned from Meta', () => {
  let s: TestService;
  let admin: Awaited<ReturnType<TestService['signIn']>>;
  let key: string;
  let giulia: string;
  let mark: string;

  beforeAll(async () => {
    const world = smallWorld();
    // Meta names things with whatever its users typed: a NUL in an ad account's name, a lone
    // surrogate in a page's (the emulator sends both as JSON escapes, as Meta would).
    world.adAccounts.push({ id: 'act_40003', name: 'Rossi\u0000 Outlet', business: '20001', users: ['10001'], systemUsers: ['30001'] });
    world.pages.push({ id: '60002', name: 'Shop \ud800 Roma', business: '20001', users: ['10001'], systemUsers: ['30001'] });
    s = await startTestService({ world });
    admin = await s.signIn({ workspace: 'Hostile text', role: 'admin' });
    key = (await createApiKey(s.database.db, { workspace: 'Hostile text', name: 'reports', scopes: [...API_KEY_SCOPES] })).key;
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const rows = await s.database.db.selectFrom('meta_users').select(['id', 'meta_user_id']).execute();
    giulia = rows.find((r) => r.meta_user_id === '10001')!.id;
    mark = rows.find((r) => r.meta_user_id === '10002')!.id;
  });
  afterAll(() => s?.close());

  const refused = async (response: Response, message: RegExp) => {
    const text = await response.text();
    expect(response.status, text).toBe(400);
    const body = JSON.parse(text) as ErrorBody;
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(message);
  };
  const statusOf = async (id: string) => (await s.database.db.selectFrom('meta_users').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const newestEvent = async (id: string) => ((await (await s.request(`/api/meta-users/${id}/events?limit=1`, { cookie: admin.cookie })).json()) as { events: HealthEvent[] }).events[0];

  it('refuses a NUL or a lone surrogate in any field a caller sends, naming it; nothing is stored', async () => {
    await refused(await s.request('/api/session', { method: 'POST', json: { email: `${admin.email}\u0000`, password: 'correct horse battery' } }), /^email: must not contain NUL/);
    await refused(await s.request('/api/session', { method: 'POST', json: { email: admin.email, password: 'correct\ud800' } }), /^password: must not contain a lone UTF-16 surrogate/);

    const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'business_management'] })) as { access_token: string };
    const profiles = await s.database.db.selectFrom('meta_users').select('id').execute();
    await refused(await s.request('/api/meta-users/system', { method: 'POST', cookie: admin.cookie, json: { accessToken: minted.access_token, name: 'Sync\u0000 bot' } }), /^name: must not contain NUL/);
    await refused(await s.request('/api/meta-users/system', { method: 'POST', cookie: admin.cookie, json: { accessToken: minted.access_token, name: 'Sync \udc00bot' } }), /^name: must not contain a lone/);
    expect(await s.database.db.selectFrom('meta_users').select('id').execute()).toHaveLength(profiles.length);

    await refused(await s.request('/api/meta-users?q=a%00b', { cookie: admin.cookie }), /^q: must not contain NUL/);
    await refused(await s.request('/api/meta-users/10001%00', { cookie: admin.cookie }), /^id: must not contain NUL/);
    await refused(await s.request('/connect/meta/callback?code=x&state=forged%00', { cookie: admin.cookie }), /^state: must not contain NUL/);
    await refused(await s.request('/api/graph/proxy', { method: 'POST', cookie: admin.cookie, json: { profileId: giulia, path: '/me', params: { 'fields\u0000': 'id' } } }), /^params: a key must not contain NUL/);
    await refused(await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: 'https://hooks.example.test/\u0000' } }), /^url: must not contain NUL/);
    await refused(await s.request('/api/alerts/preferences', { method: 'PUT', cookie: admin.cookie, json: { preferences: [{ type: 'token_expired', channel: 'email', enabled: true }, { type: 'token\ud800', channel: 'email', enabled: true }] } }), /^preferences\.1\.type: must not contain a lone/);
    const deep = `{"profileId":"${giulia}","path":"/me","params":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    await refused(await s.request('/api/graph/proxy', { method: 'POST', cookie: admin.cookie, headers: { 'content-type': 'application/json' }, body: deep }), /^params\.0\.0.*: nested deeper than 64 levels/);
    // The same requests, clean, are served.
    expect((await s.request('/api/meta-users?q=Giulia', { cookie: admin.cookie })).status).toBe(200);
  });

  it('a real 190/460 reported back with a NUL and a lone surrogate in Meta’s fields: 200 expired, the profile Expired, the trace kept without them', async () => {
    await s.control('POST', '/__control/users/10002/change-password', {});
    await s.advance(60); // the status change comes after the connect on the timeline
    // The caller's own field is not Meta's: refused, and nothing is checked.
    await refused(await s.request('/api/graph-errors', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: `${mark}\u0000`, status: 400, body: { error: { code: 190 } } } }), /^profileId: must not contain NUL/);
    expect(await statusOf(mark)).toBe('active');

    const report = await s.request('/api/graph-errors', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      json: {
        profileId: mark,
        status: 400,
        headers: { 'x-fb-trace-id': 'Ab\u0000C', 'x-app-usage': '{"call_count":1}' },
        body: { error: { message: 'Error validating access token: The user has changed the password.\u0000', type: 'OAuthException', code: 190, error_subcode: 460, fbtrace_id: 'AbC\u0000dE\ud800', error_data: { '\u0000k': '\udfff' } } },
      },
    });
    const text = await report.text();
    expect(report.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ category: 'token_expired', verifyToken: true, outcome: 'expired' });
    expect(await statusOf(mark)).toBe('expired');
    expect(await newestEvent(mark)).toMatchObject({ kind: 'status_changed', newStatus: 'expired', code: 190, subcode: 460, fbtraceId: 'AbCdE\ufffd' });
  });

  it('a 190 from Meta with a NUL in message and fbtrace_id still makes the verification change the status', async () => {
    expect(await statusOf(giulia)).toBe('active');
    await s.advance(60);
    // Meta answers the proxied call and our own check alike (both GET /me), as JSON with escapes.
    await s.control('POST', '/__control/faults', {
      match: { path: '^/me$' },
      respond: { status: 400, body: { error: { message: 'Error validating access token: Session has expired\u0000 \ud800', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'Fb\u0000Trace\ud800' } } },
      times: 10,
    });
    const proxied = await s.request('/api/graph/proxy', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: giulia, path: '/me' } });
    await s.control('DELETE', '/__control/faults');
    const text = await proxied.text();
    expect(proxied.status, text).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'graph_error', category: 'token_expired', graphCode: 190, subcode: 463, fbtraceId: 'FbTrace\ufffd', message: 'Error validating access token: Session has expired \ufffd' } });
    expect(await statusOf(giulia)).toBe('expired');
    expect(await newestEvent(giulia)).toMatchObject({ kind: 'status_changed', newStatus: 'expired', code: 190, subcode: 463, fbtraceId: 'FbTrace\ufffd' });
  });

  it('an ad account named with a NUL and a page with a lone surrogate are discovered and stored, the rest of the name kept', async () => {
    // Giulia reconnects (the test above expired her); the connect discovers her assets.
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const run = await s.request('/api/jobs/permission-sync/run', { method: 'POST', cookie: admin.cookie });
    const summary = (await run.json()) as { summary: { failedTokens: number; failures: unknown[] } };
    expect(run.status).toBe(200);
    expect(summary.summary).toMatchObject({ failedTokens: 0, failures: [] });
    const account = await s.database.db.selectFrom('ad_accounts').select('name').where('meta_id', '=', 'act_40003').executeTakeFirst();
    expect(account?.name).toBe('Rossi Outlet');
    const page = await s.database.db.selectFrom('pages').select('name').where('meta_id', '=', '60002').executeTakeFirst();
    expect(page?.name).toBe('Shop \ufffd Roma');
    const listed = (await (await s.request('/api/ad-accounts?q=Outlet', { cookie: admin.cookie })).json()) as { adAccounts: Array<{ metaId: string; name: string }> };
    expect(listed.adAccounts).toEqual([expect.objectContaining({ metaId: 'act_40003', name: 'Rossi Outlet' })]);
  });
});
