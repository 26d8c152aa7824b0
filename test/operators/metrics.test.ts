import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMetaUser } from '../helpers/factories.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

type Profile = { id: string; status: string };

/** The value of one series in Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics for operators', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ env: { SESSION_TTL_HOURS: '2160' } });
  });
  afterAll(() => s.close());

  const scrape = async () => {
    const response = await s.request('/metrics');
    expect(response.status).toBe(200);
    return response.text();
  };

  it('counts tokens by status and type, refresh outcomes and verifications, next to the Graph, job and HTTP metrics', async () => {
    const person = await s.signIn({ workspace: 'Metrics A', role: 'admin' });
    await s.connect(person.cookie, { email: 'giulia@example.it', password: 'giulia-pass' });
    const { metaUsers } = (await (await s.request('/api/meta-users', { cookie: person.cookie })).json()) as { metaUsers: Profile[] };
    const profile = metaUsers[0]!;

    let text = await scrape();
    expect(sample(text, 'wevion_tokens{status="active",type="user"}')).toBe(1);
    expect(sample(text, 'wevion_tokens{status="expired",type="user"}')).toBe(0);
    expect(sample(text, 'wevion_tokens{status="active",type="system_user"}')).toBe(0);
    expect(sample(text, 'wevion_token_refresh_outcomes_total{outcome="refreshed"}')).toBe(0);
    expect(sample(text, 'wevion_token_verifications_total{outcome="expired"}')).toBe(0);

    // A refresh at day 53 (through the admin "run now", which runs the job's handler).
    await s.advance(53 * 86_400);
    const run = await s.request('/api/jobs/token-refresh/run', { method: 'POST', cookie: person.cookie });
    expect(((await run.json()) as { summary: Record<string, number> }).summary).toMatchObject({ refreshed: 1 });
    // A verification that finds the token valid.
    expect(await s.application.tokens.verifier.verify(profile.id)).toBe('valid');
    // Then Meta invalidates it: five failing calls at once make one check, which confirms Expired.
    await s.control('POST', '/__control/users/10001/change-password');
    const calls = await Promise.all(
      Array.from({ length: 5 }, () => s.request('/api/graph/proxy', { method: 'POST', cookie: person.cookie, json: { profileId: profile.id, path: '/me' } })),
    );
    expect(calls.map((r) => r.status)).toEqual([502, 502, 502, 502, 502]);

    text = await scrape();
    expect(sample(text, 'wevion_tokens{status="active",type="user"}')).toBe(0);
    expect(sample(text, 'wevion_tokens{status="expired",type="user"}')).toBe(1);
    expect(sample(text, 'wevion_token_refresh_outcomes_total{outcome="refreshed"}')).toBe(1);
    expect(sample(text, 'wevion_token_refresh_outcomes_total{outcome="failed"}')).toBe(0);
    expect(sample(text, 'wevion_token_refresh_outcomes_total{outcome="not_extended"}')).toBe(0);
    expect(sample(text, 'wevion_token_verifications_total{outcome="valid"}')).toBe(1);
    expect(sample(text, 'wevion_token_verifications_total{outcome="expired"}')).toBe(1);
    // What already existed is there too: Graph calls by category, job durations, HTTP requests.
    expect(sample(text, 'wevion_graph_calls_total{method="GET",category="ok"}')).toBeGreaterThan(0);
    expect(sample(text, 'wevion_graph_calls_total{method="GET",category="token_expired"}')).toBeGreaterThan(0);
    expect(sample(text, 'wevion_job_duration_seconds_count{job="token-refresh",outcome="succeeded"}')).toBe(1);
    expect(text).toContain('wevion_http_request_duration_seconds_count{method="POST",route="/api/graph/proxy",status="502"} 5');
    expect(text).toContain('# TYPE wevion_graph_usage_percent gauge');
    expect(text).toContain('# TYPE wevion_graph_retry_wait_seconds_total counter');
  });

  it('reads token gauges from the database at scrape time, so rows written by another process count', async () => {
    const before = await scrape();
    const system = sample(before, 'wevion_tokens{status="active",type="system_user"}') ?? -1;
    const { id: workspaceId } = await s.database.db.insertInto('workspaces').values({ name: 'Metrics B' }).returning('id').executeTakeFirstOrThrow();
    // Written straight to the database, as another process would: no event reaches this one.
    const other = await insertMetaUser(s.database.db, s.vault, { workspaceId, metaUserId: '30001', token: 'SYSTEM-TOKEN-metrics', tokenType: 'system_user', expiresAt: null });
    await insertMetaUser(s.database.db, s.vault, { workspaceId, metaUserId: '99001', token: 'USER-TOKEN-metrics-1', status: 'inactive' });
    await s.database.db.updateTable('meta_users').set({ needs_reconnect: true, refresh_failed_since: new Date() }).where('id', '=', other.id).execute();

    const after = await scrape();
    expect(sample(after, 'wevion_tokens{status="active",type="system_user"}')).toBe(system + 1);
    expect(sample(after, 'wevion_tokens{status="inactive",type="user"}')).toBe(1);
    expect(sample(after, 'wevion_tokens_needs_reconnect')).toBe(1);
    expect(sample(after, 'wevion_tokens_refresh_failing')).toBe(1);
    expect(after).not.toContain('SYSTEM-TOKEN-metrics');
  });
});
