/**
 * A tiny local HTTP server for Graph client tests: each test queues what the next requests
 * get (JSON with any status and headers, raw text, a reset socket, a hang, a cut-off body) and
 * reads back what the client really sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Form fields for POST, empty otherwise. */
  form: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export type Reply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { text: string; status?: number; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true }
  | { truncate: string; status?: number };

export interface FakeGraph {
  url: string;
  received: Received[];
  /** Replies used in order; the last one repeats once the queue is down to it. */
  reply(...replies: Reply[]): void;
  /** Or decide per request. */
  handle(fn: (req: Received) => Reply): void;
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const received: Received[] = [];
  let queue: Reply[] = [{ json: {} }];
  let handler: ((req: Received) => Reply) | undefined;

  const send = (res: ServerResponse, r: Reply) => {
    if ('reset' in r) return res.socket?.destroy();
    if ('hang' in r) return;
    if ('truncate' in r) {
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', 'content-length': String(r.truncate.length + 100) });
      res.write(r.truncate);
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    const text = 'json' in r ? JSON.stringify(r.json) : r.text;
    res.writeHead(r.status ?? 200, { 'content-type': 'json' in r ? 'application/json' : 'text/html', ...r.headers });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: Received = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        form: new URLSearchParams(req.method === 'POST' ? Buffer.concat(chunks).toString() : ''),
        headers: req.headers,
      };
      received.push(rec);
      const r = handler ? handler(rec) : queue.length > 1 ? (queue.shift() as Reply) : (queue[0] as Reply);
      send(res, r);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    reply: (...replies) => {
      handler = undefined;
      queue = replies;
    },
    handle: (fn) => {
      handler = fn;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
