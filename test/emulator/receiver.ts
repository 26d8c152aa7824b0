/**
 * A small local receiver for what the emulator pushes (callbacks, webhooks, the subscription
 * handshake): a node:http server on port 0 that records every request and answers as the test
 * says. Tests verify signatures themselves, with the app secret, from what it recorded.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Real time the request arrived and its answer was sent (ms since the receiver started). */
  arrivedAt: number;
  answeredAt?: number;
}

export interface Answer {
  status?: number;
  body?: string;
  contentType?: string;
  /** Real milliseconds to wait before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  destroy?: boolean;
}

export type Responder = (req: Received) => Answer | Promise<Answer>;

export interface Receiver {
  url: string;
  received: Received[];
  /** What to answer from now on (default: 200 "ok"). */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(responder: Responder = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const received: Received[] = [];
  let current = responder;
  const started = Date.now();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), arrivedAt: Date.now() - started,
      };
      received.push(entry);
      void Promise.resolve(current(entry)).then(async (answer) => {
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (answer.destroy) {
          req.socket.destroy();
          return;
        }
        entry.answeredAt = Date.now() - started;
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain' });
        res.end(answer.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond: (r) => {
      current = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Echoes the handshake's challenge when the verify token is the expected one, as a correct receiver does. */
export function handshakeEcho(verifyToken: string): Responder {
  return (req) => {
    const q = new URL(req.url, 'http://x').searchParams;
    if (req.method === 'GET' && q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === verifyToken) {
      return { status: 200, body: q.get('hub.challenge') ?? '' };
    }
    if (req.method === 'GET') return { status: 403, body: 'wrong verify token' };
    return { status: 200, body: 'ok' };
  };
}

/**
 * Verifies a `signed_request` as the receiving app must (signature of the payload part as sent,
 * keyed with the app secret) and returns its payload; throws when the signature does not hold.
 */
export function verifySignedRequest(signedRequest: string, secret: string): Record<string, unknown> {
  const [signature = '', payload = ''] = signedRequest.split('.');
  const expected = createHmac('sha256', secret).update(payload).digest('base64url');
  if (signature !== expected) throw new Error(`bad signature ${signature} (expected ${expected})`);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function hubSignature256(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function hubSignature1(body: string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}
