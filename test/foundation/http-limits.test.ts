/**
 * What the HTTP layer answers by itself, over a real socket (app.request() never meets Node's
 * parser): a URL or headers over 16 KiB (431), a request line that is not HTTP (400), chunk
 * extensions over their limit (413), a body over 1 MiB (413), and a worker's metrics port alike.
 * Each carries the API's `{"error":{"code","message"}}`, not Node's bare status line.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createOpsApp } from '../../src/http/app.ts';
import { STATUS_BY_CODE } from '../../src/http/errors.ts';
import { listen } from '../../src/http/server.ts';
import { buildTestApp, memoryLogger, type TestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

/** Sends raw bytes and reads everything the server writes until it closes the connection. */
function raw(port: number, request: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may close while we still write (a body it refused): what it answered is what counts.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;

describe('the HTTP layer’s own answers are JSON', () => {
  let database: Database;
  let t: TestApp;
  let api: Server;
  let ops: Server;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = buildTestApp(database);
    await t.queue.start({ work: false, schedule: false });
    api = await listen(t.app.fetch, 0, '127.0.0.1');
    const deps = { config: t.config, database, clock: t.clock, logger: memoryLogger().logger, registry: new Registry(), queue: t.queue };
    ops = await listen(createOpsApp(deps).fetch, 0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const server of [api, ops]) await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t.queue.stop(1000);
    await database.close();
  });

  const expectJsonError = (answer: { status: number; headers: Record<string, string>; body: string }, status: number, code: string) => {
    expect(answer.status, answer.body).toBe(status);
    expect(answer.headers['content-type']).toContain('application/json');
    const parsed = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message.length).toBeGreaterThan(10);
    // The code is one of the API's, under the status the one table gives it.
    expect(STATUS_BY_CODE[code as keyof typeof STATUS_BY_CODE]).toBe(status);
  };

  it('a URL over 16 KiB: 431 headers_too_large, on the API and on a worker’s metrics port', async () => {
    for (const server of [api, ops]) {
      expectJsonError(await raw(portOf(server), `GET /api/meta-users?q=${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: localhost\r\n\r\n`), 431, 'headers_too_large');
    }
  });

  it('headers over 16 KiB: 431 headers_too_large', async () => {
    expectJsonError(await raw(portOf(api), `GET /healthz HTTP/1.1\r\nHost: localhost\r\nCookie: wevion_session=${'x'.repeat(17 * 1024)}\r\n\r\n`), 431, 'headers_too_large');
  });

  it('a request that is not HTTP: 400 bad_request', async () => {
    for (const server of [api, ops]) {
      expectJsonError(await raw(portOf(server), 'HELLO THERE\r\n\r\n'), 400, 'bad_request');
      expectJsonError(await raw(portOf(server), 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n'), 400, 'bad_request');
    }
    expectJsonError(await raw(portOf(api), Buffer.from('GET /\u0000 HTTP/1.1\r\n\r\n', 'latin1')), 400, 'bad_request');
  });

  it('chunk extensions over their limit: 413 payload_too_large', async () => {
    const answer = await raw(portOf(api), `POST /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(20 * 1024)}\r\n{}\r\n0\r\n\r\n`);
    expectJsonError(answer, 413, 'payload_too_large');
  });

  it('a body over 1 MiB: 413 payload_too_large, from the route', async () => {
    const body = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) });
    const answer = await raw(portOf(api), `POST /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    expectJsonError(answer, 413, 'payload_too_large');
  });

  it('and a route that does not exist on the metrics port is a JSON 404 too', async () => {
    const answer = await raw(portOf(ops), 'GET /nothing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expectJsonError(answer, 404, 'not_found');
    const health = await raw(portOf(ops), 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(health.status).toBe(200);
  });
});
