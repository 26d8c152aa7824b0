import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { APP_SECRET, everything, failure, graphError, TOKEN, useClientFixture } from './client-fixture.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

const f = useClientFixture();

describe('retries and waits', () => {
  it('retries 5xx with standard backoff and succeeds', async () => {
    f.server.reply({ status: 503, text: '<html>busy</html>' }, { status: 500, json: graphError(1) }, { status: 502, text: '' }, { json: { id: '1' } });
    await expect(f.client.get('/me', { accessToken: TOKEN })).resolves.toEqual({ id: '1' });
    expect(f.server.received).toHaveLength(4);
    expect(f.clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('gives up after 4 retries and throws the last error', async () => {
    f.server.reply({ status: 500, json: graphError(2, { is_transient: true }) }, { status: 503, text: '<html>down</html>' });
    const err = await failure(f.client.get('/me', { accessToken: TOKEN }));
    expect(f.server.received).toHaveLength(5);
    expect(f.clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(err.status).toBe(503);
    expect(err.classification.category).toBe('server_error');
  });

  it('applies full jitter through the injected random', async () => {
    const c = f.makeClient({ random: () => 0.25 });
    f.server.reply({ status: 500, text: '' });
    await failure(c.get('/me', { accessToken: TOKEN }));
    expect(f.clock.sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it('waits 5 s, 15 s, 45 s on rate limits', async () => {
    f.server.reply({ status: 400, json: graphError(17, { is_transient: true }) });
    const err = await failure(f.client.get('/me/adaccounts', { accessToken: TOKEN }));
    expect(f.server.received).toHaveLength(4);
    expect(f.clock.sleeps).toEqual([5000, 15000, 45000]);
    expect(err.classification.category).toBe('rate_limited');
    expect(err.graphCode).toBe(17);
  });

  it("waits Meta's regain estimate when longer, without holding twice", async () => {
    const usage = JSON.stringify({ '555': [{ type: 'ads_management', call_count: 100, total_cputime: 30, total_time: 30, estimated_time_to_regain_access: 2 }] });
    f.server.reply({ status: 400, json: graphError(80004, { error_subcode: 2446079 }), headers: { 'x-business-use-case-usage': usage } }, { json: { data: [] } });
    await expect(f.client.get('/act_555/campaigns', { accessToken: TOKEN })).resolves.toEqual({ data: [] });
    expect(f.clock.sleeps).toEqual([120_000]);
    expect(f.server.received).toHaveLength(2);
  });

  it.each([
    ['token_expired', 400, graphError(190, { error_subcode: 460 })],
    ['auth_error', 401, graphError(102)],
    ['blocked', 400, graphError(368)],
    ['permission_denied', 403, graphError(200)],
    ['invalid_request', 400, graphError(100, { error_subcode: 33 })],
  ] as const)('does not retry %s', async (category, status, body) => {
    f.server.reply({ status, json: body });
    const err = await failure(f.client.get('/me', { accessToken: TOKEN }));
    expect(err.classification.category).toBe(category);
    expect(f.server.received).toHaveLength(1);
    expect(f.clock.sleeps).toEqual([]);
  });

  it('retry: false makes one attempt; maxRetries bounds the schedule', async () => {
    f.server.reply({ status: 503, text: '' });
    await failure(f.client.get('/me', { accessToken: TOKEN, retry: false }));
    expect(f.server.received).toHaveLength(1);
    const c = f.makeClient({ maxRetries: 2 });
    await failure(c.get('/me', { accessToken: TOKEN }));
    expect(f.server.received).toHaveLength(1 + 3);
    expect(f.clock.sleeps).toEqual([1000, 2000]);
  });
});

describe('errors', () => {
  it('carries every Graph field, headers and the classification, with a safe message', async () => {
    f.server.reply({
      status: 400,
      headers: { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' },
      json: {
        error: {
          message: `Error validating access token: token ${TOKEN} has expired`,
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
          is_transient: false,
          error_user_title: 'Sessione scaduta',
          error_user_msg: `Token ${TOKEN} scaduto`,
          error_data: JSON.stringify({ token: TOKEN, field: 'x' }),
          fbtrace_id: 'AbCdEf',
        },
      },
    });
    const err = await failure(f.client.me(TOKEN));
    expect(err).toMatchObject({
      code: 'graph_error',
      status: 400,
      graphCode: 190,
      subcode: 463,
      type: 'OAuthException',
      isTransient: false,
      fbtraceId: 'AbCdEf',
      userTitle: 'Sessione scaduta',
      errorData: { token: '[redacted]', field: 'x' },
      networkError: undefined,
    });
    expect(err.classification).toMatchObject({ category: 'token_expired', verifyToken: true, retry: false });
    expect(err.headers['www-authenticate']).toContain('invalid_token');
    expect(err.message).toMatch(new RegExp(`^GET /${DEFAULT_GRAPH_VERSION.replace('.', '\\.')}/me failed \\(#190/463\\): Error validating access token`));
    expect(err.message).not.toContain('?');
    expect(everything(err)).not.toContain(TOKEN);
    expect(everything(err)).not.toContain(APP_SECRET);
  });

  it('classifies an HTML error page, an empty body and a truncated JSON body without crashing', async () => {
    f.server.reply({ status: 400, text: '<!DOCTYPE html><title>Error</title>' });
    expect((await failure(f.client.me(TOKEN))).classification.category).toBe('invalid_request');
    f.server.reply({ status: 400, text: '' });
    expect((await failure(f.client.me(TOKEN))).classification.category).toBe('invalid_request');
    f.server.reply({ status: 200, text: '{"id":"1","na' });
    const cut = await failure(f.client.me(TOKEN));
    expect(cut.classification.category).toBe('invalid_request');
    expect(cut.status).toBe(200);
    f.server.reply({ status: 200, json: graphError(190) });
    expect((await failure(f.client.me(TOKEN))).classification.category).toBe('token_expired');
  });

  it('treats a body cut off mid-stream as a connection reset and retries it', async () => {
    f.server.reply({ truncate: '{"data":[{"id":"1"},' }, { json: { id: '1' } });
    await expect(f.client.me(TOKEN)).resolves.toEqual({ id: '1' });
    expect(f.clock.sleeps).toEqual([1000]);
    f.server.reply({ truncate: '{"data":[' });
    const err = await failure(f.client.me(TOKEN, 'id'));
    expect(err).toMatchObject({ status: 0, networkError: 'ECONNRESET' });
    expect(err.classification.category).toBe('transient');
  });

  it('retries a reset connection', async () => {
    f.server.reply({ reset: true }, { reset: true }, { json: { id: '9' } });
    await expect(f.client.me(TOKEN)).resolves.toEqual({ id: '9' });
    expect(f.server.received).toHaveLength(3);
    expect(f.clock.sleeps).toEqual([1000, 2000]);
  });

  it('times out a hanging call in real time and never leaks the token', async () => {
    const c = f.makeClient({ requestTimeoutMs: 150 });
    f.server.reply({ hang: true });
    const started = Date.now();
    const err = await failure(c.me(TOKEN, 'id'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 140);
    expect(err).toMatchObject({ status: 0, networkError: 'ETIMEDOUT' });
    expect(err.classification.category).toBe('transient');
    expect(f.server.received).toHaveLength(5);
    expect(f.clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(err.cause).toBeInstanceOf(Error);
    expect(everything(err)).not.toContain(TOKEN);
  });

  it('reports a refused connection as transient', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = f.makeClient({ graphUrl: `http://127.0.0.1:${port}` });
    const err = await failure(c.me(TOKEN, 'id').then(() => undefined));
    expect(err.networkError).toBe('ECONNREFUSED');
    expect(err.classification.category).toBe('transient');
    expect(f.clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(everything(err)).not.toContain(TOKEN);
  });

  it("rejects with the caller's abort reason, without retrying", async () => {
    f.server.reply({ hang: true });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    await expect(f.client.get('/me', { accessToken: TOKEN, signal: controller.signal })).rejects.toBe(reason);
    expect(f.server.received).toHaveLength(1);
    expect(f.clock.sleeps).toEqual([]);
  });
});

