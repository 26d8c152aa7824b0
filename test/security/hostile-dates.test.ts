/**
 * Dates and cursors are real calendar times before any query, on both engines. Every
 * newest-first list's cursor is `[time, id]`; one decoding to 30 February, month 13, year 0, hour
 * 24, minute or second 60 reached the query's `::timestamptz` and PostgreSQL's `date/time field
 * value out of range` (a 500). Insights' `from`/`to` went through `Date.parse`, which rolls
 * 30 February over to March. Now each is 400 `invalid_input` naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/accounts/accounts.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const IMPOSSIBLE = ['2024-02-30T00:00:00Z', '2023-02-29T12:00:00.5Z', '2024-13-01T00:00:00Z', '2024-00-10T00:00:00Z', '0000-01-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-04-31T00:00:00.123456Z'];

describe('dates and cursors the calendar has', () => {
  let s: TestService;
  let admin: Awaited<ReturnType<TestService['signIn']>>;
  let lists: string[];
  let account: string;

  beforeAll(async () => {
    s = await startTestService();
    admin = await s.signIn({ workspace: 'Hostile dates', role: 'admin' });
    const key = (await createApiKey(s.database.db, { workspace: 'Hostile dates', name: 'dates', scopes: ['tokens:checkout', 'graph:proxy', 'read'] })).key;
    const hook = (await (await s.request('/api/webhooks', { method: 'POST', cookie: admin.cookie, json: { url: 'https://hooks.example.test/dates' } })).json()) as { webhook: { id: string } };
    await s.connect(admin.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    await s.connect(admin.cookie, { email: 'mark@example.com', password: 'mark-pass' });
    expect((await s.request('/api/jobs/permission-sync/run', { method: 'POST', cookie: admin.cookie })).status).toBe(200);
    const mark = (await s.database.db.selectFrom('meta_users').select('id').where('meta_user_id', '=', '10002').executeTakeFirstOrThrow()).id;
    // Rows in every list: a checkout, and Mark's token dying (an event, a notification, a webhook delivery).
    expect((await s.request('/api/tokens/checkout', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: '10001', purpose: 'ads_read' } })).status).toBe(200);
    await s.control('POST', '/__control/users/10002/change-password', {});
    await s.advance(60);
    const report = await s.request('/api/graph-errors', { method: 'POST', headers: { authorization: `Bearer ${key}` }, json: { profileId: mark, status: 400, body: { error: { message: 'changed password', type: 'OAuthException', code: 190, error_subcode: 460 } } } });
    expect(await report.json()).toMatchObject({ outcome: 'expired' });
    account = (await s.database.db.selectFrom('ad_accounts').select('id').where('meta_id', '=', 'act_40001').executeTakeFirstOrThrow()).id;
    lists = [`/api/meta-users/${mark}/events`, '/api/notifications', '/api/tokens/checkouts', `/api/webhooks/${hook.webhook.id}/deliveries`, '/api/alerts/deliveries?scope=workspace', '/api/outbox'];
  });
  afterAll(() => s?.close());

  const get = (path: string) => s.request(path, { cookie: admin.cookie });
  const withQuery = (list: string, query: string) => `${list}${list.includes('?') ? '&' : '?'}${query}`;

  it('every newest-first list refuses a cursor whose time the calendar has not: 400 after', async () => {
    for (const list of lists) {
      for (const time of IMPOSSIBLE) {
        const response = await get(withQuery(list, `after=${cursorOf([time, '00000000-0000-4000-8000-000000000000'])}`));
        const text = await response.text();
        expect(response.status, `${list} ${time}: ${text}`).toBe(400);
        expect(JSON.parse(text)).toEqual({ error: { code: 'invalid_input', message: 'after: not a cursor this list returned' } });
      }
      // Text PostgreSQL cannot store is no cursor either.
      for (const bad of [['2024-01-01T00:00:00Z\u0000', '00000000-0000-4000-8000-000000000000'], ['2024-01-01T00:00:00Z', '\ud800']]) {
        expect((await get(withQuery(list, `after=${cursorOf(bad)}`))).status, `${list} ${JSON.stringify(bad)}`).toBe(400);
      }
    }
  });

  it('a real time, a leap day, and the cursors the lists return page on as before', async () => {
    for (const list of lists) {
      const leap = await get(withQuery(list, `after=${cursorOf(['2024-02-29T23:59:59.999999Z', 'ffffffff-ffff-4fff-bfff-ffffffffffff'])}`));
      expect(leap.status, list).toBe(200);
      const first = (await (await get(withQuery(list, 'limit=1'))).json()) as { nextCursor: string | null };
      if (first.nextCursor) expect((await get(withQuery(list, `limit=1&after=${first.nextCursor}`))).status, list).toBe(200);
    }
    // At least one list had a second page to walk.
    const events = (await (await get(withQuery(lists[0]!, 'limit=1'))).json()) as { nextCursor: string | null };
    expect(events.nextCursor).not.toBeNull();
  });

  it('insights from/to: a day the calendar has, in order, in a bounded range; each refusal names the parameter', async () => {
    const insights = (query: string) => get(`/api/ad-accounts/${account}/insights?${query}`);
    const cases: Array<[string, RegExp]> = [
      ['from=2024-02-30&to=2024-03-10', /^from: must be a date the calendar has/],
      ['from=2023-02-29', /^from: must be a date the calendar has/],
      ['to=2023-02-29', /^to: must be a date the calendar has/],
      ['from=0000-01-01&to=0000-01-20', /^from: must be a date the calendar has/],
      ['to=0000-01-01', /^to: must be a date the calendar has/],
      ['to=2024-13-01', /^to: must be a date the calendar has/],
      ['from=2024-04-31', /^from: must be a date the calendar has/],
      ['from=2024-1-01', /^from: must be a date \(YYYY-MM-DD\)/],
      ['to=1969-12-31', /^to: must not be before 1970-01-01/],
      ['from=2024-03-10&to=2024-03-01', /^from: must not be after to \(2024-03-01\)/],
      ['from=2019-01-01&to=2024-01-01', /^from: at most 1098 days before to \(2024-01-01\)/],
    ];
    for (const [query, message] of cases) {
      const response = await insights(query);
      const text = await response.text();
      expect(response.status, `${query}: ${text}`).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(message) } });
    }
    // to=1970-01-05: the default from, 29 days before, is in 1969, a day PostgreSQL takes.
    for (const query of ['from=2024-02-29&to=2024-03-01', 'from=2000-02-29&to=2000-03-01', 'to=2024-02-29', 'from=2021-01-01&to=2024-01-03', 'to=1970-01-05']) {
      const response = await insights(query);
      expect(response.status, `${query}: ${await response.clone().text()}`).toBe(200);
    }
    expect(await (await insights('from=2024-02-29&to=2024-03-01')).json()).toMatchObject({ from: '2024-02-29', to: '2024-03-01' });
  });
});
