/**
 * Property-based inputs (fast-check) to every route the application mounts: random JSON, JSON of
 * the right shape with hostile values, bodies that are not JSON at all, random path parameters
 * and query strings, from a signed-in admin and from an API key. Never a 500, never a crash,
 * always a JSON error body. Then the Graph error parser end to end: the emulator answers the
 * proxied call with random statuses and bodies (JSON, truncated JSON, HTML, error objects with
 * odd types), and the proxy answers 200 or 502 with a classified error, never a 500, and the
 * token stays Active (only a confirmed check changes status).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

/** Runs per route; FUZZ_RUNS=500 for a long hunt. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 40);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    '%00',
    '%2e%2e%2f',
    "' or 1=1 --",
    '"; drop table meta_users; --',
    '<script>alert(1)</script>',
    '{{7*7}}',
    '${jndi:ldap://x}',
    '\ud800',
    'EAA' + 'x'.repeat(100),
    'x'.repeat(5000),
    '00000000-0000-0000-0000-000000000000',
    'act_1',
    '/me',
    'token-refresh',
    'PAUSED',
    'it',
    'https://127.0.0.1:1/hook',
  ),
);
const KEYS = ['email', 'password', 'locale', 'accessToken', 'name', 'profileId', 'adAccountId', 'method', 'path', 'params', 'url', 'events', 'status', 'payload', '__proto__', 'constructor'];
const value: fc.Arbitrary<unknown> = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(hostileString, hostileString, { maxKeys: 3 }));
const shaped = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 });
const body = fc.oneof(
  shaped.map((o) => ({ text: JSON.stringify(o), type: 'application/json' })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'application/json' })),
  shaped.map((o) => ({ text: JSON.stringify(o).slice(0, 15), type: 'application/json' })),
  fc.string({ maxLength: 80 }).map((text) => ({ text, type: 'text/plain' })),
  fc.constant({ text: '', type: 'application/json' }),
  fc.constant({ text: 'email=a%40b.c&password=x', type: 'application/x-www-form-urlencoded' }),
);
/** Percent-encodes like a client would; a lone surrogate goes out as invalid UTF-8 bytes. */
const encodeSegment = (raw: string) => {
  try {
    return encodeURIComponent(raw);
  } catch {
    return raw.split('').map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
};
// Meta-id forms too: every asset, campaign and profile route takes ours or Meta's.
const segment = fc.oneof(
  hostileString,
  fc.uuid(),
  fc.constantFrom('token-refresh', 'permission-sync', 'session-cleanup', 'act_9000000', 'act_', 'act_40001', '40001', '10001', '9'.repeat(31), 'act_-1', '0x10', '1e5', ' 10001', 'ACT_40001'),
  fc.bigInt({ min: 0n, max: 10n ** 32n }).map(String),
);
// The paging and filter parameters of every list, with values near their edges.
const queryValue = fc.oneof(hostileString, fc.constantFrom('0', '1', '500', '501', '-1', '1.5', 'true', 'false', 'TRUE', 'ad_account', 'workspace', 'pending', 'active', 'W1siYSIsIjEiXV0', 'bm90IGpzb24'), fc.integer().map(String));
const query = fc.dictionary(fc.constantFrom('from', 'to', 'limit', 'next', 'fields', 'status', 'after', 'q', 'blocked', 'profileId', 'type', 'unread', 'scope', 'state'), queryValue, { maxKeys: 4 });

describe('property-based inputs to every route', () => {
  let s: TestService;
  let admin: { cookie: string };
  let key: string;
  let profile: string;

  beforeAll(async () => {
    s = await startTestService();
    admin = await s.signIn({ workspace: 'Fuzz', role: 'admin' });
    key = (await createApiKey(s.database.db, { workspace: 'Fuzz', name: 'fuzz' })).key;
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    profile = (await s.database.db.selectFrom('meta_users').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => s?.close());

  it('never answers 500 and always answers JSON errors', async () => {
    const routes = [...new Set(s.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    const seen = new Map<number, number>();
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      if (pattern === '/api/session' && method === 'DELETE') continue; // would sign the fuzzer out
      await fc.assert(
        fc.asyncProperty(body, fc.array(segment, { minLength: 2, maxLength: 2 }), query, fc.boolean(), fc.boolean(), fc.boolean(), async (input, segments, q, viaKey, realId, metaForm) => {
          let i = 0;
          // A real id lets the input reach past the lookup; never for DELETE (the profile is needed later).
          const useReal = realId && method !== 'DELETE';
          // The real profile by our id or by its Meta user id (Giulia's, 10001).
          // A DELETE never gets the real profile's Meta id either (the profile is needed later).
          const random = (raw: string) => encodeSegment(method === 'DELETE' && raw.trim() === '10001' ? 'x10001' : raw);
          const path = pattern.replace(/:[a-zA-Z]+/g, () => (useReal && i++ === 0 ? (metaForm ? '10001' : profile) : random(String(segments[i++ % 2]))));
          const search = new URLSearchParams(q as Record<string, string>).toString();
          const headers: Record<string, string> = { 'content-type': input.type };
          if (viaKey) headers.authorization = `Bearer ${key}`;
          const response = await s.request(`${path}${search ? `?${search}` : ''}`, {
            method,
            headers,
            ...(viaKey ? {} : { cookie: admin.cookie }),
            ...(method === 'GET' || method === 'HEAD' ? {} : { body: input.text }),
          });
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          expect(response.status, `${method} ${path} ${input.text.slice(0, 100)}`).toBeLessThan(500 + (response.status === 502 && pattern === '/api/graph/proxy' ? 100 : 0));
          if (response.status === 502) expect(((await response.json()) as { error: { code: string } }).error.code).toBe('graph_error');
          // A page for a person (the data deletion status): an unknown code is a short page unless JSON is asked for.
          // (An empty code is no status page's address: `/connect/meta/data-deletion/` is the API's JSON 404.)
          else if (response.status === 404 && pattern === '/connect/meta/data-deletion/:code' && !path.endsWith('/')) expect(response.headers.get('content-type')).toContain('text/html');
          else if (response.status >= 400) {
            expect(response.headers.get('content-type')).toContain('application/json');
            const parsed = (await response.json()) as { error: { code: string; message: string } };
            expect(typeof parsed.error.code).toBe('string');
          } else await response.arrayBuffer();
        }),
        { numRuns: FUZZ_RUNS },
      );
    }
    // The service is still up and the fuzzing reached past validation at times.
    expect((await s.request('/healthz')).status).toBe(200);
    expect(seen.get(500)).toBeUndefined();
    expect([...seen.keys()].some((status) => status < 300)).toBe(true);
  }, 180_000);

  it('every paged list names the parameter it refuses (400 invalid_input), and takes either id of a profile', async () => {
    const lists = ['/api/meta-users', '/api/ad-accounts', '/api/pages', '/api/pixels', '/api/catalogs', '/api/notifications', '/api/tokens/checkouts', '/api/alerts/deliveries', '/api/outbox', `/api/meta-users/${profile}/events`, `/api/meta-users/${profile}/assets`];
    const bad: Array<[string, string]> = [
      ['limit', '0'],
      ['limit', '501'],
      ['limit', '1.5'],
      ['limit', 'many'],
      ['after', 'bm90IGEgY3Vyc29y'],
      ['after', Buffer.from(JSON.stringify(['a\u0000', '00000000-0000-0000-0000-000000000000'])).toString('base64url')],
    ];
    for (const list of lists) {
      for (const [name, value] of bad) {
        const response = await s.request(`${list}?${new URLSearchParams({ [name]: value })}`, { cookie: admin.cookie });
        expect(response.status, `${list}?${name}=${value}`).toBe(400);
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('invalid_input');
        expect(body.error.message, `${list}?${name}=${value}`).toMatch(new RegExp(`^${name}\\b`));
      }
    }
    for (const list of ['/api/meta-users', '/api/ad-accounts', '/api/pages', '/api/pixels', '/api/catalogs', `/api/meta-users/${profile}/assets`]) {
      for (const [name, value] of [['q', 'a\u0000b'], ['q', 'x'.repeat(201)], ...(list.includes('/assets') || list === '/api/meta-users' ? [] : [['blocked', 'yes'], ['blocked', 'TRUE']])] as Array<[string, string]>) {
        const response = await s.request(`${list}?${new URLSearchParams({ [name]: value })}`, { cookie: admin.cookie });
        expect(response.status, `${list}?${name}=${value}`).toBe(400);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`^${name}\\b`));
      }
    }
    // profileId: ours or Meta's; what is neither, or another workspace's, names nothing (404).
    for (const list of ['/api/ad-accounts', '/api/pages', '/api/tokens/checkouts']) {
      expect((await s.request(`${list}?profileId=${profile}`, { cookie: admin.cookie })).status, list).toBe(200);
      expect((await s.request(`${list}?profileId=10001`, { cookie: admin.cookie })).status, list).toBe(200);
      expect((await s.request(`${list}?profileId=act_1`, { cookie: admin.cookie })).status, list).toBe(404);
      expect((await s.request(`${list}?profileId=99999999`, { cookie: admin.cookie })).status, list).toBe(404);
    }
  });

  it('Graph answers of any shape through the proxy: 200 or a classified 502, never a 500, the token stays Active', async () => {
    const errorObject = fc.record(
      {
        message: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        type: fc.oneof(fc.constantFrom('OAuthException', 'GraphMethodException'), fc.string()),
        code: fc.oneof(fc.constantFrom(1, 2, 4, 10, 17, 100, 102, 190, 200, 368, 613, 80004, 1487851), fc.integer(), fc.string(), fc.constant(null)),
        error_subcode: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        is_transient: fc.oneof(fc.boolean(), fc.string()),
        error_data: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string()),
        error_user_title: fc.string(),
        fbtrace_id: fc.oneof(fc.string(), fc.integer()),
      },
      { requiredKeys: [] },
    );
    const graphBody = fc.oneof(
      fc.record({ error: errorObject }),
      fc.record({ error: errorObject }).map((b) => JSON.stringify(b).slice(0, 25)),
      fc.jsonValue({ maxDepth: 3 }),
      fc.string({ maxLength: 200 }),
      fc.constant('<html><body><h1>502 Bad Gateway</h1></body></html>'),
      fc.constant(''),
    );
    const usage = fc.oneof(fc.string(), fc.json(), fc.constant('{"call_count":101,"total_time":"x"}'), fc.constant('{"1":[{"type":"ads_management","estimated_time_to_regain_access":"soon"}]}'));
    const statuses = fc.oneof(fc.constantFrom(200, 400, 401, 403, 404, 429, 500, 502, 503), fc.integer({ min: 200, max: 599 }));
    const headerSet = fc.record({ 'x-app-usage': usage, 'x-business-use-case-usage': usage, 'x-ad-account-usage': usage, 'www-authenticate': fc.string() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(statuses, graphBody, headerSet, async (status, answer, headers) => {
        await s.control('DELETE', '/__control/faults');
        // Only the proxied edge misbehaves; the token check (GET /me) gets Meta's real answer.
        await s.control('POST', '/__control/faults', { match: { path: '^/me/adaccounts$' }, respond: { status, body: answer, headers }, times: 10 });
        const response = await s.request('/api/graph/proxy', { method: 'POST', cookie: admin.cookie, json: { profileId: profile, path: '/me/adaccounts' } });
        expect([200, 502]).toContain(response.status);
        const parsed = (await response.json()) as { data?: unknown; error?: { code: string; category: string } };
        if (response.status === 502) {
          expect(parsed.error?.code).toBe('graph_error');
          expect(['token_expired', 'auth_error', 'rate_limited', 'blocked', 'transient', 'server_error', 'permission_denied', 'invalid_request']).toContain(parsed.error?.category);
        }
      }),
      { numRuns: FUZZ_RUNS * 2 },
    );
    await s.control('DELETE', '/__control/faults');
    const row = await s.database.db.selectFrom('meta_users').select(['status']).where('id', '=', profile).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    expect((await s.request('/healthz')).status).toBe(200);
  }, 180_000);
});
