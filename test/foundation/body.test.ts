import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '../../src/http/errors.ts';
import { jsonBody } from '../../src/http/validate.ts';

/**
 * JSON bodies behind the Node adapter are read from the request stream itself (the fast path the
 * proxy uses): over real HTTP, a body is read whole, a malformed one is 400, a huge one 413.
 */
describe('request bodies over real HTTP', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    const app = new Hono();
    app.post('/echo', async (c) => c.json(await jsonBody(c, z.object({ text: z.string() }))));
    app.onError((error, c) => errorResponse(c, error));
    server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server)) as Server;
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('reads a body sent in many chunks, in UTF-8', async () => {
    const text = 'Città — ✓ '.repeat(20_000);
    const response = await post(JSON.stringify({ text }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text });
  });

  it('answers 400 invalid_json and 400 invalid_input naming the field', async () => {
    expect(await (await post('{"text":')).json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect(await (await post('{"text":1}')).json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/^text: /) } });
  });

  it('refuses a body over 1 MiB with 413 payload_too_large', async () => {
    const response = await post(JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 1) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
