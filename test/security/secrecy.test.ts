/**
 * Secrecy scan. A full end-to-end run (sign-in, OAuth connect, proxied Graph calls by session and
 * API key, a System User token, a webhook with deliveries to a local receiver, a refresh, a
 * password change on Meta confirmed as Expired, a reconnect, every job queued meanwhile, sign
 * out), then a search of the logs, every API response (headers and bodies), the webhook bodies
 * received, the metrics and every row of the database for any access token, the app secret, a
 * password, a session id, an API key, a webhook secret, an OAuth code or the encryption key, in
 * plain text: zero hits. Tokens in the database are ciphertext, and a tampered ciphertext (or one
 * moved onto another row) is refused and never reaches Meta.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser } from '../../src/accounts/accounts.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { APP_ID, APP_SECRET, smallWorld, startTestService, type TestService } from '../helpers/service.ts';
import { storedTokens } from '../chaos/population.ts';
import { databaseText } from './digest.ts';

const PASSWORD = 'Tr0ub4dor&3-secret-pw';
type Call = { path: string; status: number };

describe('secrecy scan after an end-to-end run', () => {
  let s: TestService;
  let receiver: Server;
  let receiverUrl = '';
  const received: string[] = [];
  /** Everything our API answered: status, headers and body, as text. */
  const responses: string[] = [];
  /** Secrets we know by value (tokens read back through the vault along the way, keys, …). */
  const known = new Set<string>();
  let webhookSecretAnswer = '';
  /** The answers that hand a token to a service on purpose (checkouts): kept apart, checked below. */
  const checkoutAnswers: string[] = [];

  async function call(path: string, init: Parameters<TestService['request']>[1] = {}): Promise<Response> {
    const response = await s.request(path, init);
    const text = await response.clone().text();
    const headers = [...response.headers].filter(([name]) => !(name === 'set-cookie' && path === '/api/session' && init.method === 'POST'));
    // The request line without its query: the test's own inputs (an OAuth code) are not answers.
    const record = `${init.method ?? 'GET'} ${path.split('?')[0]} → ${response.status}\n${headers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n${text}`;
    if (path === '/api/webhooks' && init.method === 'POST') webhookSecretAnswer = record;
    else if (path === '/api/tokens/checkout' && response.status === 200) checkoutAnswers.push(record);
    else responses.push(record);
    return response;
  }
  async function remember(): Promise<void> {
    for (const row of (await storedTokens(s.database.db, s.vault)).values()) known.add(row.token);
  }
  /** The browser's side of the OAuth dialog, every request of ours recorded. */
  async function connect(cookie: string, start: URL, email: string, password: string): Promise<void> {
    const form = new URLSearchParams(start.searchParams);
    form.set('email', email);
    form.set('password', password);
    for (const scope of start.searchParams.get('scope')!.split(',')) form.append('granted', scope);
    const consent = await fetch(`${s.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    known.add(back.searchParams.get('code')!);
    const done = await call(`${back.pathname}${back.search}`, { cookie });
    expect(done.headers.get('location')).toMatch(/result=(re)?connected/);
  }
  /** What a worker would do: run every job queued so far (verifications, webhook deliveries…). */
  async function drainQueue(): Promise<number> {
    let ran = 0;
    for (let round = 0; round < 5; round++) {
      const { rows } = await s.database.executeSql(`delete from pgboss.job where state = 'created' and name not like '__pgboss%' returning name, data`);
      if (rows.length === 0) break;
      for (const row of rows) {
        await s.application.queue.runNow(String(row.name), row.data).catch(() => undefined);
        ran += 1;
      }
    }
    return ran;
  }

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${JSON.stringify(req.headers)}\n${body}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // Giulia reaches three ad accounts, so a list of one per page has a next page.
    const world = smallWorld();
    world.adAccounts.push({ id: 'act_40003', name: 'Rossi — Extra', users: ['10001'] }, { id: 'act_40004', name: 'Rossi — More', users: ['10001'] });
    s = await startTestService({ world, env: { SESSION_TTL_HOURS: '2160', LOG_LEVEL: 'debug', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  });
  afterAll(async () => {
    await s?.close();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  it('finds no secret in logs, responses, webhook bodies, metrics or the database', async () => {
    known.add(APP_SECRET);
    known.add(`${APP_ID}|${APP_SECRET}`);
    known.add(PASSWORD);
    known.add('giulia-pass');
    known.add('mark-pass');
    // The vault's key material, read from its private map (test-only reach-in).
    for (const key of ((s.vault as unknown as { byId: Map<string, Buffer> }).byId ?? new Map()).values()) known.add(key.toString('base64'));

    await createUser(s.database.db, { workspace: 'Secrecy', email: 'admin@secrecy.test', password: PASSWORD, role: 'admin' });
    await createUser(s.database.db, { workspace: 'Secrecy', email: 'member@secrecy.test', password: PASSWORD, role: 'member' });
    const signIn = async (email: string) => {
      const response = await call('/api/session', { method: 'POST', json: { email, password: PASSWORD } });
      const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      known.add(cookie.split('=')[1]!);
      return cookie;
    };
    const admin = await signIn('admin@secrecy.test');
    const member = await signIn('member@secrecy.test');
    await call('/api/session', { method: 'POST', json: { email: 'admin@secrecy.test', password: 'wrong-password-123' } });
    const { key } = await createApiKey(s.database.db, { workspace: 'Secrecy', name: 'insights', scopes: ['graph:proxy', 'tokens:checkout', 'read'] });
    known.add(key);

    const hook = await call('/api/webhooks', { method: 'POST', cookie: admin, json: { url: receiverUrl } });
    expect(hook.status).toBe(201);
    known.add(((await hook.json()) as { secret: string }).secret);

    // Connect by OAuth (admin: Giulia; member: Mark), then use the tokens.
    await connect(admin, new URL((await call('/connect/meta', { cookie: admin })).headers.get('location')!), 'giulia@example.it', 'giulia-pass');
    await connect(member, new URL((await call('/connect/meta', { cookie: member })).headers.get('location')!), 'mark@example.com', 'mark-pass');
    await remember();
    const profiles = ((await (await call('/api/meta-users', { cookie: admin })).json()) as { metaUsers: Array<{ id: string; metaId: string }> }).metaUsers;
    const giulia = profiles.find((p) => p.metaId === '10001')!;
    for (const path of ['/me', '/me/adaccounts', '/me/permissions', '/me/accounts', '/debug_token', '/oauth/access_token', '/me?access_token=x']) {
      await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path } });
      await call('/api/graph/proxy', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: '10002', path } });
    }
    await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path: '/me', params: { access_token: 'steal' } } });
    // Meta's paging links repeat the request's token; page lists carry page tokens.
    const paged = await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path: '/me/adaccounts', params: { limit: 1 } } });
    expect(((await paged.json()) as { data: { paging?: { next?: string } } }).data.paging?.next).toMatch(/access_token=\[redacted\]/);
    const pages = await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path: '/me/accounts' } });
    expect(((await pages.json()) as { data: { data: Array<{ access_token?: string }> } }).data.data[0]?.access_token).toBe('[redacted]');
    // Meta failing with a token-bearing error (its messages may quote parameters).
    await s.control('POST', '/__control/faults', { match: { path: '^/me/adaccounts$' }, respond: { status: 500, body: 'upstream error for access_token=EAAleaked' }, times: 6 });
    await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path: '/me/adaccounts' } });

    // Another service checks a token out, uses it, and reports an error back (by checkout and by profile).
    const checkedOut = (await (await call('/api/tokens/checkout', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: giulia.id, purpose: 'ads_read' } })).json()) as { checkoutId: string; accessToken: string };
    known.add(checkedOut.accessToken);
    await call('/api/tokens/checkout', { method: 'POST', cookie: admin, json: { profileId: giulia.id, purpose: 'ads_read' } });
    await call('/api/graph-errors', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { checkoutId: checkedOut.checkoutId, status: 400, body: { error: { message: `Error validating access token for ${checkedOut.accessToken}`, type: 'OAuthException', code: 190, fbtrace_id: 'Asecrecy' } } } });
    await call('/api/graph-errors', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: '10002', status: 400, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } } });
    await call('/api/tokens/checkouts', { cookie: admin });

    // A System User token added by the admin.
    const minted = (await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'business_management'] })) as { access_token: string };
    known.add(minted.access_token);
    expect((await call('/api/meta-users/system', { method: 'POST', cookie: admin, json: { accessToken: minted.access_token, name: 'Sync' } })).status).toBe(201);
    await call('/api/meta-users/system', { method: 'POST', cookie: admin, json: { accessToken: 'EAAbogus-token-that-meta-refuses-000000000000000000', name: 'Bogus' } });

    // Day 53: the refresh sweep replaces the user tokens.
    await s.advance(53 * 86_400);
    expect((await call('/api/jobs/token-refresh/run', { method: 'POST', cookie: admin })).status).toBe(200);
    await remember();
    for (const job of s.application.queue.definitions().filter((d) => d.recordRuns)) await call(`/api/jobs/${job.name}/run`, { method: 'POST', cookie: admin });

    // Giulia changes her Meta password: the next call confirms 190/460 → Expired, notifications, webhooks.
    await s.control('POST', '/__control/users/10001/change-password');
    await call('/api/graph/proxy', { method: 'POST', cookie: admin, json: { profileId: giulia.id, path: '/me' } });
    await call(`/api/meta-users/${giulia.id}`, { cookie: admin });
    await call(`/api/meta-users/${giulia.id}/events`, { cookie: admin });
    await call('/api/notifications', { cookie: admin });
    // Reconnect through the button's API.
    const reconnect = (await (await call(`/api/meta-users/${giulia.id}/reconnect`, { method: 'POST', cookie: admin })).json()) as { url: string };
    await connect(admin, new URL(reconnect.url), 'giulia@example.it', 'giulia-pass');
    await remember();
    await drainQueue();

    for (const path of ['/api/me', '/api/meta-users', `/api/meta-users/${giulia.id}`, '/api/notifications', '/api/jobs', '/api/webhooks', '/readyz', '/healthz', '/metrics', '/api/public-info']) {
      await call(path, { cookie: admin });
      await call(path, { headers: { authorization: `Bearer ${key}` } });
    }
    for (const webhook of ((await (await call('/api/webhooks', { cookie: admin })).json()) as { webhooks: Array<{ id: string }> }).webhooks) {
      await call(`/api/webhooks/${webhook.id}/deliveries`, { cookie: admin });
    }
    await call('/api/session', { method: 'DELETE', cookie: member });

    // The run did what it should, so the scan covers real traffic.
    const statuses = await s.database.db.selectFrom('meta_users').select(['meta_user_id', 'status', 'token_version']).execute();
    expect(statuses.find((p) => p.meta_user_id === '10001')).toMatchObject({ status: 'active' });
    expect(statuses.find((p) => p.meta_user_id === '10001')!.token_version).toBeGreaterThanOrEqual(3);
    expect(received.length, 'webhook deliveries received').toBeGreaterThan(0);
    const calls = ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls;
    expect(calls.filter((c) => c.path === '/oauth/access_token').length).toBeGreaterThanOrEqual(6);
    expect(known.size).toBeGreaterThan(12);

    const places: Record<string, string> = {
      logs: s.logLines.join('\n'),
      responses: responses.join('\n\n'),
      webhooks: received.join('\n\n'),
      metrics: await (await s.request('/metrics')).text(),
      database: await databaseText(s.database.db),
    };
    // Patterns find secrets we never saw by value (the short-lived token of each OAuth exchange).
    const patterns: Array<[string, RegExp]> = [
      ['Meta token', /EAA[A-Za-z0-9]{100}(?![A-Za-z0-9])/],
      ['session id', /wevs_[A-Za-z0-9_-]{40,}/],
      ['API key', /wevk_[A-Za-z0-9_-]{40,}/],
      ['webhook secret', /whsec_[A-Za-z0-9_-]{40,}/],
      ['OAuth code', /AQ[A-Za-z0-9_-]{150,}/],
    ];
    const hits: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      // Ciphertext is random base64: only the exact values are searched in the secrets table.
      const searchable = place === 'database' ? text.replace(/-- public\.secrets\n[\s\S]*?(?=\n-- )/, '') : text;
      for (const value of known) if (text.includes(value)) hits.push(`${place}: a known secret (${value.slice(0, 6)}…)`);
      for (const [what, pattern] of patterns) {
        const found = pattern.exec(searchable);
        if (found) hits.push(`${place}: ${what} ${found[0].slice(0, 12)}… near «${searchable.slice(Math.max(0, found.index - 80), found.index).replace(/\s+/g, ' ')}»`);
      }
    }
    expect(hits).toEqual([]);
    // The one answer that shows the webhook secret is its creation (shown once, not stored in clear).
    expect(webhookSecretAnswer).toMatch(/whsec_/);
    expect(webhookSecretAnswer).toContain('no-store');
    // The checkout answer is the one place a token goes, on purpose, never to be cached.
    expect(checkoutAnswers).toHaveLength(1);
    expect(checkoutAnswers[0]).toContain('cache-control: no-store');
    expect([...known].filter((value) => checkoutAnswers[0]!.includes(value) && value.startsWith('EAA'))).toHaveLength(1);
  }, 120_000);

  it('stores tokens as ciphertext, and refuses a tampered or moved ciphertext without calling Meta', async () => {
    const admin = await s.signIn({ workspace: 'Tamper', role: 'admin' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const profile = await s.database.db
      .selectFrom('meta_users')
      .innerJoin('workspaces', 'workspaces.id', 'meta_users.workspace_id')
      .select(['meta_users.id', 'meta_users.secret_id'])
      .where('workspaces.name', '=', 'Tamper')
      .executeTakeFirstOrThrow();
    const secret = await s.database.db.selectFrom('secrets').selectAll().where('id', '=', profile.secret_id).executeTakeFirstOrThrow();
    const token = (await storedTokens(s.database.db, s.vault)).get(profile.id)!.token;
    expect(secret.ciphertext).not.toContain(token);
    expect(Buffer.from(secret.ciphertext, 'base64').toString('latin1')).not.toContain(token.slice(0, 20));

    const proxied = () => s.request('/api/graph/proxy', { method: 'POST', cookie: admin.cookie, json: { profileId: profile.id, path: '/me' } });
    expect((await proxied()).status).toBe(200);
    const callsBefore = ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls.length;

    // One bit flipped in the ciphertext.
    const bytes = Buffer.from(secret.ciphertext, 'base64');
    bytes[3] = (bytes[3] ?? 0) ^ 0x01;
    await s.database.db.updateTable('secrets').set({ ciphertext: bytes.toString('base64') }).where('id', '=', secret.id).execute();
    const tampered = await proxied();
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    expect(await tampered.text()).not.toContain(token);
    // Another row's (valid) ciphertext copied onto this row: the row id is authenticated too.
    const other = await s.database.db.selectFrom('secrets').selectAll().where('id', '<>', secret.id).executeTakeFirstOrThrow();
    await s.database.db.updateTable('secrets').set({ key_id: other.key_id, nonce: other.nonce, ciphertext: other.ciphertext }).where('id', '=', secret.id).execute();
    expect((await proxied()).status).toBeGreaterThanOrEqual(400);
    const callsAfter = ((await s.control('GET', '/__control/calls')) as { calls: Call[] }).calls.length;
    expect(callsAfter, 'no Graph call was made with a token that did not decrypt').toBe(callsBefore);
    expect(s.logLines.join('\n')).toMatch(/failed authentication: it was altered or belongs elsewhere/);
    const row = await s.database.db.selectFrom('meta_users').select('status').where('id', '=', profile.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect(PUBLIC_URL).toBeTruthy();
  });
});

describe('a tampered ciphertext during the refresh sweep', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
  });
  afterAll(() => s?.close());

  it('is refused for that token only: the other due tokens are refreshed', async () => {
    const admin = await s.signIn({ workspace: 'Tamper sweep', role: 'admin' });
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    const rows = await s.database.db.selectFrom('meta_users').select(['id', 'secret_id', 'meta_user_id']).orderBy('meta_user_id').execute();
    const victim = rows[0]!;
    const secret = await s.database.db.selectFrom('secrets').selectAll().where('id', '=', victim.secret_id).executeTakeFirstOrThrow();
    const bytes = Buffer.from(secret.ciphertext, 'base64');
    bytes[5] = (bytes[5] ?? 0) ^ 0x80;
    await s.database.db.updateTable('secrets').set({ ciphertext: bytes.toString('base64') }).where('id', '=', secret.id).execute();
    await s.advance(54 * 86_400);
    const run = await s.request('/api/jobs/token-refresh/run', { method: 'POST', cookie: admin.cookie });
    const after = await s.database.db.selectFrom('meta_users').select(['id', 'token_version', 'status', 'refresh_lease_owner']).execute();
    expect(after.find((r) => r.id === rows[1]!.id)!.token_version, 'the healthy token was refreshed').toBe(2);
    expect(after.find((r) => r.id === victim.id)).toMatchObject({ token_version: 1, status: 'active' });
    expect(run.status, await run.clone().text()).toBe(200);
    expect(((await run.json()) as { summary: Record<string, number> }).summary).toMatchObject({ checked: 2, refreshed: 1, failed: 1 });
    expect(after.find((r) => r.id === victim.id)!.refresh_lease_owner, 'the refused token does not keep its lease').toBeNull();
  });
});
