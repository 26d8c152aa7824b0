/**
 * The listening HTTP server of `wevion serve` and of a worker's metrics port. Node answers some
 * requests itself, before any route or middleware runs: a request line or headers over its 16 KiB
 * limit (431), a request it cannot parse (400), chunk extensions over their limit (413), a request
 * that took too long to arrive (408). Its own answers have no body; ours, like every error of the
 * API, carry `{"error":{"code","message"}}` (codes in src/http/errors.ts).
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import type { ErrorCode } from './errors.ts';

type NodeParseError = Error & { code?: string };

/** Node's error code → our answer, as Node itself would pick the status (lib/_http_server.js). */
function answerFor(code: string | undefined): { status: number; reason: string; code: ErrorCode; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', message: 'The request line and headers are larger than 16 KiB (a URL that long is one too).' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'Payload Too Large', code: 'payload_too_large', message: 'The chunk extensions of the request body are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'The request did not arrive in time.' };
    default:
      return { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'The request is not valid HTTP/1.1.' };
  }
}

/** The bytes of an answer written on the socket itself (no response object exists yet). */
export function clientErrorResponse(error: NodeParseError): string {
  const answer = answerFor(error.code);
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  return [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    'Content-Type: application/json; charset=UTF-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers Node's client errors with our JSON body. A socket already closed by the client
 * (ECONNRESET) or with an answer under way gets nothing: writing then would corrupt the stream.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeParseError, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error));
  });
}

/** Serves `fetch` on `hostname:port`; resolves once it listens. */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch, port, hostname }, () => resolve(created)) as Server;
    answerClientErrors(created);
    created.once('error', reject);
  });
}
