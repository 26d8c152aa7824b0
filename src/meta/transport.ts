/**
 * One HTTP attempt against the Graph origin over a keep-alive undici Pool. Knows nothing of
 * Graph semantics: it returns status, headers and body text, or throws NetworkFailure with a
 * normalised code (ETIMEDOUT, ECONNRESET, ECONNREFUSED…). A caller's abort is rethrown as is.
 *
 * Timeouts: `connectTimeoutMs` bounds the TCP/TLS connect; `requestTimeoutMs` bounds the
 * whole attempt (connect, headers and body) in real time. Backoff waits are not here: they
 * go through the injected clock.
 */
import { type Dispatcher, Pool } from 'undici';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface SendOptions {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, starting with '/'. */
  path: string;
  body?: string;
  signal?: AbortSignal;
}

export interface Transport {
  send(opts: SendOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** No response arrived. `code` is safe to log; `message` has been produced by undici/node. */
export class NetworkFailure extends Error {
  constructor(
    readonly networkCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkFailure';
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

export function normalizeNetworkError(err: unknown): string {
  const code = errorCode(err);
  // Unknown failures are not guessed to be transient: better one visible error than retries
  // of something that will never work.
  if (code === undefined) return 'EUNKNOWN';
  if (TIMEOUT_CODES.has(code)) return 'ETIMEDOUT';
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    // "other side closed" carries no errno; the peer dropped the connection: a reset for us.
    const inner = (err as { cause?: { code?: unknown } }).cause?.code;
    return typeof inner === 'string' && inner.startsWith('E') ? inner : 'ECONNRESET';
  }
  return code;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Collects one response. A class rather than closures: this runs once per Graph call, and
 * per-call closures showed up in bench/graph-client.ts.
 */
class CollectHandler implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private settled = false;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbort?: () => void;

  constructor(
    private readonly resolve: (r: HttpResponse) => void,
    private readonly reject: (e: unknown) => void,
    timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      const failure = new NetworkFailure('ETIMEDOUT', `Graph request exceeded ${timeoutMs} ms`);
      this.stop(failure, failure);
    }, timeoutMs);
    if (signal) {
      this.onAbort = () => this.stop(signal.reason, new Error('aborted by caller'));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Timed out or aborted while connecting: there was nothing to abort until now.
    if (this.settled) controller.abort(new Error('request already settled'));
  }
  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
  }
  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  onResponseEnd(): void {
    if (this.finish()) this.resolve({ status: this.status, headers: this.headers, text: Buffer.concat(this.chunks).toString('utf8') });
  }
  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (this.finish()) this.reject(new NetworkFailure(normalizeNetworkError(err), err.message));
  }

  private stop(reason: unknown, abortWith: Error): void {
    if (this.finish()) this.reject(reason);
    this.controller?.abort(abortWith);
  }
  /** true the first time only: whichever of response, error, timeout, abort comes first wins. */
  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    return true;
  }
}

const JSON_ACCEPT = { accept: 'application/json' };
const FORM_HEADERS = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };

export function createTransport(opts: { origin: string; connectTimeoutMs: number; requestTimeoutMs: number }): Transport {
  const pool = new Pool(opts.origin, {
    connect: { timeout: opts.connectTimeoutMs },
    keepAliveTimeout: 10_000,
    // undici's phase timeouts free the socket even if nobody aborts; the total deadline in
    // CollectHandler is what the caller sees.
    headersTimeout: opts.requestTimeoutMs,
    bodyTimeout: opts.requestTimeoutMs,
  });

  // Low-level dispatch rather than pool.request(): it hands us an abort handle, so the total
  // deadline needs no AbortSignal (undici's signal plumbing alone cost ~25 µs per call in
  // bench/graph-client.ts), and the body is collected without a stream.
  return {
    send({ method, path, body, signal }) {
      return new Promise<HttpResponse>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const handler = new CollectHandler(resolve, reject, opts.requestTimeoutMs, signal);
        pool.dispatch(
          body === undefined ? { method, path, headers: JSON_ACCEPT } : { method, path, headers: FORM_HEADERS, body },
          handler,
        );
      });
    },
    async close() {
      // Closing twice (a shutdown path and a cleanup path both closing) is not an error.
      if (pool.closed || pool.destroyed) return;
      await pool.close();
    },
  };
}
