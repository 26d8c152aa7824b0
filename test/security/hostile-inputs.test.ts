/**
 * No input becomes a 500: a property test (fast-check) driven by the OpenAPI document the
 * service serves. For every operation in `GET /api/openapi.json`, requests whose path
 * parameters, query parameters and JSON bodies are built from the operation's own schemas and
 * filled with hostile values (hostile-values.ts: NUL, lone surrogates, impossible dates and
 * times, cursors decoding to such keysets, very long text, numbers past any range, nesting deep
 * enough to overflow a recursive walk, wrong types, empty values), mixed with values that pass
 * validation (the fixture's real ids, a dead token's profile, a system user token Meta accepts)
 * so the hostile leaves reach the code behind the schemas too. Sent by a signed-in admin (with
 * Origin on state changes, as the UI does) and by an API key with every scope.
 *
 * The answer is never a 5xx of ours: a 502 is allowed only where the document says Meta (or
 * Telegram) answered with an error, under its documented code. Every answer is also checked
 * against the document (test/helpers/contract.ts). All failures are collected, each printed with
 * the request that caused it and the error the server logged, then the test fails.
 * HOSTILE_RUNS (default below) sets the runs per operation and caller.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { API_KEY_SCOPES } from '../../src/accounts/scopes.ts';
import { insertNotifications } from '../../src/notifications/notifications.queries.ts';
import { ContractViolation } from '../helpers/contract.ts';
import { APP_ID, startTestService, type TestService } from '../helpers/service.ts';
import { startTelegramFake, type TelegramFake } from '../helpers/telegram-fake.ts';
import { encodeSegment, hostileString, jsonText, RawJson, RAW_HOSTILE, valueFor, type JsonSchema, type SchemaContext } from './hostile-values.ts';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);

/** 502s that report an upstream's refusal (documented), not a failure of ours. */
const UPSTREAM_502 = new Set(['graph_error', 'meta_unavailable', 'meta_rejected', 'telegram_unavailable']);

type Operation = { method: string; path: string; parameters: Array<{ name: string; in: string; schema: JsonSchema }>; body?: JsonSchema };
type Caller = 'admin' | 'key';
type Failure = { caller: Caller; request: string; status: number; answer: string; logged: string };

const BOT_TOKEN = '7654321:AAHostileInputsBotTokenForTheFakeApi';

describe('hostile inputs to every operation of the OpenAPI document', () => {
  let s: TestService;
  let telegram: TelegramFake;
  let admin: { cookie: string; email: string };
  let key: string;
  const real = new Map<string, unknown[]>();
  /** Real ids a destructive operation must not get (the fixture is needed by the later runs). */
  let keep: Set<string>;
  let idsByPath: Array<[string, unknown[]]> = [];
  /** Per operation, bodies of the right shape with hostile text where the route keeps text. */
  const bodies = new Map<string, fc.Arbitrary<unknown>>();
  /** Mark's profile: Active here, its token dead on Meta (190/460), so a report of it changes a status. */
  let markId: string;
  let markPasswords = 0;
  const keepMarkDeadButActive = async () => {
    const row = await s.database.db.selectFrom('meta_users').select('status').where('id', '=', markId).executeTakeFirst();
    if (row?.status === 'active') return;
    await s.connect(admin.cookie, { email: 'mark@example.com', password: `mark-pass-${markPasswords}` });
    markPasswords += 1;
    await s.control('POST', '/__control/users/10002/change-password', { password: `mark-pass-${markPasswords}` });
  };

  beforeAll(async () => {
    telegram = await startTelegramFake();
    telegram.addBot(BOT_TOKEN, 'hostile_bot');
    s = await startTestService({ env: { TELEGRAM_API_URL: telegram.url } });
    admin = await s.signIn({ workspace: 'Hostile', role: 'admin' });
    key = (await createApiKey(s.database.db, { workspace: 'Hostile', name: 'hostile', scopes: [...API_KEY_SCOPES] })).key;
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    expect((await s.request('/api/jobs/permission-sync/run', { method: 'POST', cookie: admin.cookie })).status).toBe(200);
    // Mark's token dies on Meta (190/460): a report of it is the one that changes a status.
    await s.control('POST', '/__control/users/10002/change-password', { password: 'mark-pass-0' });
    const profiles = await s.database.db.selectFrom('meta_users').select(['id', 'meta_user_id', 'workspace_id']).execute();
    const giulia = profiles.find((p) => p.meta_user_id === '10001')!;
    const mark = profiles.find((p) => p.meta_user_id === '10002')!;
    markId = mark.id;
    const account = await s.database.db.selectFrom('ad_accounts').select(['id', 'meta_id']).where('meta_id', '=', 'act_40001').executeTakeFirstOrThrow();
    const campaign = await s.database.db.selectFrom('campaigns').select(['id', 'meta_id']).executeTakeFirst();
    const [notification] = await insertNotifications(s.database.db, [(await s.database.db.selectFrom('members').select('id').where('email', '=', admin.email).executeTakeFirstOrThrow()).id], { workspaceId: giulia.workspace_id, profileId: giulia.id, type: 'token_expired', dedupeKey: 'hostile', params: { cause: 'test', code: 190, subcode: 460 } }, new Date(s.clock.now()));
    const hook = (await (await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: 'https://hooks.example.test/hostile' } })).json()) as { webhook: { id: string } };
    const checkout = (await (await s.request('/api/tokens/checkout', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: giulia.id, purpose: 'ads_read' } })).json()) as { checkoutId: string };
    const systemTokens: string[] = [];
    for (let i = 0; i < 3; i++) systemTokens.push(((await s.control('POST', '/__control/tokens', { appId: APP_ID, systemUserId: '30001', kind: 'system', scopes: ['ads_read', 'business_management'] })) as { access_token: string }).access_token);

    const profileIds = [giulia.id, mark.id, '10001', '10002'];
    const entries: Record<string, unknown[]> = {
      profileId: profileIds,
      adAccountId: [account.id, account.meta_id, '40001'],
      pageId: ['60001'],
      pixelId: ['50001'],
      catalogId: ['70001'],
      campaignId: [campaign?.id, campaign?.meta_id].filter(Boolean),
      checkoutId: [checkout.checkoutId],
      name: ['session-cleanup'],
      accessToken: systemTokens,
      email: [admin.email, 'giulia@example.it'],
      password: ['correct horse battery'],
      path: ['/me', '/me/adaccounts', '/act_40001/campaigns', '/act_40001'],
      url: ['https://hooks.example.test/x'],
      botToken: [BOT_TOKEN],
      locale: ['it', 'en'],
      state: ['forged'],
      code: ['forged'],
    };
    for (const [name, values] of Object.entries(entries)) real.set(name, values);
    // A path's `{id}` is the kind of object its route names.
    idsByPath = [
      ['/api/meta-users/', profileIds],
      ['/api/ad-accounts/', [account.id, account.meta_id, '40001']],
      ['/api/notifications/', [notification!]],
      ['/api/webhooks/', [hook.webhook.id]],
    ];

    // Bodies that pass validation with hostile text where the route keeps text: these reach the
    // database (and Meta, and the verification) rather than stopping at the schema.
    const text = fc.oneof({ arbitrary: hostileString, weight: 4 }, { arbitrary: fc.constantFrom('AbCdEf123', 'Giulia'), weight: 1 });
    const graphError = fc.record(
      {
        message: text,
        type: fc.constantFrom('OAuthException', 'GraphMethodException'),
        code: fc.constantFrom(190, 190, 190, 102, 17, 100, 2635),
        error_subcode: fc.constantFrom(460, 463, 33, undefined),
        fbtrace_id: text,
        error_user_title: text,
        error_user_msg: text,
        error_data: fc.oneof(text, fc.constantFrom<unknown>(...RAW_HOSTILE), fc.dictionary(text, text, { maxKeys: 2 })),
      },
      { requiredKeys: ['code', 'type', 'fbtrace_id', 'message'] },
    );
    const ref = fc.oneof(fc.constantFrom(...profileIds).map((profileId) => ({ profileId })), fc.constant({ checkoutId: checkout.checkoutId }));
    bodies.set('POST /api/graph-errors', fc.tuple(ref, fc.constantFrom(400, 401, 500), fc.oneof(graphError.map((error) => ({ error })), graphError, text), fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: undefined, freq: 4 })).map(([r, status, body, headers]) => ({ ...r, status, body, ...(headers ? { headers } : {}) })));
    bodies.set('POST /api/meta-users/system', fc.record({ accessToken: fc.constantFrom(...systemTokens), name: text }));
    bodies.set('POST /api/session', fc.record({ email: fc.oneof(text, fc.constantFrom(admin.email).map((e) => `${e}\u0000`)), password: text }));
    bodies.set('POST /api/graph/proxy', fc.tuple(fc.constantFrom(...profileIds, undefined), fc.constantFrom('/me', '/me/adaccounts', '/act_40001/campaigns'), fc.dictionary(text, fc.oneof(text, fc.integer()), { maxKeys: 3 })).map(([profileId, path, params]) => (profileId ? { profileId, path, params } : { adAccountId: 'act_40001', path, params })));
    bodies.set('POST /api/tokens/checkout', fc.tuple(fc.constantFrom('adAccountId', 'pageId', 'pixelId', 'catalogId', 'profileId'), text, fc.constantFrom('ads_read', 'ads_management', 'business_management')).map(([field, id, purpose]) => ({ [field]: id, purpose })));
    bodies.set('POST /api/webhooks', fc.record({ url: fc.oneof(text, text.map((t) => `https://hooks.example.test/${t}`)) }));
    bodies.set('PUT /api/alerts/telegram/bot', fc.record({ botToken: fc.oneof(text, text.map((t) => `${BOT_TOKEN}${t}`)) }));
    keep = new Set([giulia.id, mark.id, '10001', '10002', hook.webhook.id]);
  });
  afterAll(async () => {
    await s?.close();
    await telegram?.close();
  });

  it('never answers a 5xx of ours, for any operation, as an admin or as an API key', async () => {
    const document = (await (await s.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>; components: { schemas: Record<string, JsonSchema> } };
    const contextOf = (operation: Operation): SchemaContext => ({
      resolve: (ref) => document.components.schemas[ref.split('/').pop()!]!,
      real: (name) => (name === 'id' ? idsByPath.find(([prefix]) => operation.path.startsWith(prefix))?.[1] : real.get(name)),
    });
    const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content['application/json']?.schema })),
    );
    expect(operations.length).toBeGreaterThan(40);

    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const started = performance.now();
    for (const operation of operations) {
      for (const caller of ['admin', 'key'] as const) {
        // Signing out would end the admin's session for every later run; the key has none to end.
        if (operation.method === 'DELETE' && operation.path === '/api/session' && caller === 'admin') continue;
        const destructive = operation.method === 'DELETE';
        const ctx = contextOf(operation);
        const shaped = bodies.get(`${operation.method} ${operation.path}`);
        const pathArbs = operation.parameters.filter((p) => p.in === 'path').map((p) => valueFor(p.schema, p.name, ctx).map((v) => ({ name: p.name, value: asText(v) })));
        const queryArbs = operation.parameters.filter((p) => p.in === 'query').map((p) => fc.option(valueFor(p.schema, p.name, ctx).map((v) => [p.name, asText(v)] as const), { nil: undefined, freq: 3 }));
        const bodyArb = operation.body
          ? fc.oneof({ arbitrary: valueFor(operation.body, '', ctx), weight: 3 }, ...(shaped ? [{ arbitrary: shaped, weight: 6 }] : []), { arbitrary: fc.constantFrom<unknown>(...RAW_HOSTILE), weight: 1 })
          : fc.constant(undefined);
        await fc.assert(
          fc.asyncProperty(fc.tuple(...pathArbs), fc.tuple(...queryArbs), bodyArb, async (params, query, body) => {
            let path = operation.path;
            for (const { name, value } of params) path = path.replace(`{${name}}`, encodeSegment(destructive && keep.has(value.trim()) ? `x${value}` : value));
            const search = query.filter((q) => q !== undefined).map(([name, value]) => `${encodeURIComponent(name)}=${encodeSegment(value)}`).join('&');
            const url = search ? `${path}?${search}` : path;
            const text = body === undefined ? undefined : jsonText(body);
            const headers: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json' };
            if (caller === 'key') headers.authorization = `Bearer ${key}`;
            await keepMarkDeadButActive();
            const logged = s.logLines.length;
            sent += 1;
            let status: number;
            let answer: string;
            try {
              const response = await s.request(url, { method: operation.method, headers, ...(caller === 'admin' ? { cookie: admin.cookie } : {}), ...(text === undefined ? {} : { body: text }) });
              status = response.status;
              answer = await response.text();
            } catch (error) {
              if (!(error instanceof ContractViolation)) throw error;
              failures.push({ caller, request: `${operation.method} ${url} ${clip(text)}`, status: -1, answer: error.message, logged: '' });
              return;
            }
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            const upstream = status === 502 && UPSTREAM_502.has(codeOf(answer));
            if (status >= 500 && !upstream) failures.push({ caller, request: `${operation.method} ${url} ${clip(text)}`, status, answer: clip(answer), logged: errorLogged(s.logLines.slice(logged)) });
          }),
          { numRuns: RUNS },
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`hostile inputs: ${sent} requests to ${operations.length} operations in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    const report = failures.map((f) => `${f.status} (${f.caller}) ${f.request}\n    answer: ${f.answer}\n    logged: ${f.logged}`);
    if (failures.length > 0) console.log(`hostile inputs: ${failures.length} failures\n${report.join('\n')}`);
    expect(report).toEqual([]);
    // The fixture was reached: the service still works.
    expect((await s.request('/healthz')).status).toBe(200);
  }, 300_000);
});

/** A generated value as a URL parameter's text. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof RawJson) return value.text;
  return jsonText(value);
}

function clip(text: string | undefined): string {
  if (text === undefined) return '';
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

function codeOf(answer: string): string {
  try {
    return (JSON.parse(answer) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    return '';
  }
}

/** The error the server logged for a failed request (a PostgreSQL message, a stack overflow…). */
function errorLogged(lines: string[]): string {
  for (const line of lines) {
    if (!line.includes('"level":50')) continue;
    try {
      const parsed = JSON.parse(line) as { err?: { message?: string; type?: string }; msg?: string };
      return `${parsed.err?.type ?? ''}: ${parsed.err?.message ?? parsed.msg ?? ''}`.slice(0, 300);
    } catch {
      return line.slice(0, 300);
    }
  }
  return '(nothing logged)';
}
