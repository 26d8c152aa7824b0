/**
 * Request parsing and response writing on plain node:http. Graph accepts parameters in the query
 * string and, for POST, in a form-encoded or JSON body; the access token may also come in an
 * `Authorization: Bearer|OAuth` header. Everything a handler needs is in `Ctx`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphError, newTraceId } from './errors.ts';

const MAX_BODY_BYTES = 256 * 1024 * 1024;
const VERSION_PREFIX = /^\/(v\d+\.\d+)(?=\/|$)/;

export interface Ctx {
  method: string;
  /** Path without version prefix and query: what faults match and the call log records. */
  path: string;
  /** The path as sent, version prefix included, without the query (Meta's "Unknown path components" names it). */
  sentPath: string;
  /** The version the call asked for (`v26.0`), or null when its path had none. */
  version: string | null;
  /** The version that serves it (the `facebook-api-version` header); the server sets it once resolved. */
  servedVersion: string;
  /** Absolute URL of the request without its query, as the client sent it (for paging links). */
  selfUrl: string;
  origin: string;
  query: URLSearchParams;
  body: URLSearchParams;
  /** The parsed JSON body, when the body was JSON (the control API reads it). */
  json: unknown;
  headers: IncomingMessage['headers'];
  param(name: string): string | undefined;
  params(name: string): string[];
}

export interface Reply {
  status: number;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class BodyError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') {
    // A GET has no body worth reading; skipping the stream keeps the hot path allocation-free.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function jsonToParams(value: unknown): URLSearchParams {
  const out = new URLSearchParams();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      out.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return out;
}

/** The version a request URL asks for in its path (`/v26.0/me` → `v26.0`), or null. */
export function askedVersion(rawUrl: string | undefined): string | null {
  return VERSION_PREFIX.exec(rawUrl ?? '')?.[1] ?? null;
}

export async function buildCtx(req: IncomingMessage): Promise<Ctx> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const sentPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
  const version = askedVersion(sentPath);
  let path = sentPath.replace(VERSION_PREFIX, '');
  if (path === '') path = '/';
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const origin = `http://${req.headers.host ?? 'localhost'}`;
  const text = await readBody(req);
  let json: unknown;
  let body = new URLSearchParams();
  if (text !== '') {
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('json') || (!type.includes('urlencoded') && /^\s*[{[]/.test(text))) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new BodyError('request body is not valid JSON');
      }
      body = jsonToParams(json);
    } else {
      body = new URLSearchParams(text);
    }
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    sentPath,
    version,
    servedVersion: '',
    selfUrl: origin + sentPath,
    origin,
    query,
    body,
    json,
    headers: req.headers,
    param: (name) => body.get(name) ?? query.get(name) ?? undefined,
    params: (name) => [...query.getAll(name), ...body.getAll(name)],
  };
}

/** The access token from the query, the body, or an `Authorization: Bearer|OAuth` header. */
export function tokenOf(ctx: Ctx): string | undefined {
  const fromParams = ctx.param('access_token');
  if (fromParams) return fromParams;
  const auth = ctx.headers.authorization;
  if (!auth) return undefined;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim());
  return m?.[1]?.trim() || undefined;
}

// `facebook-api-version` is not here: it names the version that served each call, so the server
// adds it per answer (and leaves it off the control API, which is not Meta).
const BASE_HEADERS = {
  'access-control-allow-origin': '*',
  'cache-control': 'private, no-cache, no-store, must-revalidate',
};

/** Writes a reply with the headers every Meta answer carries; returns the trace id it used. */
export function send(res: ServerResponse, reply: Reply): string {
  const trace = newTraceId();
  let payload: string;
  let type = reply.contentType;
  if (reply.raw !== undefined) {
    payload = reply.raw;
    type ??= 'text/html; charset=utf-8';
  } else if (reply.body === undefined) {
    payload = '';
  } else {
    payload = JSON.stringify(reply.body);
    type ??= 'application/json; charset=UTF-8';
  }
  const headers: Record<string, string | number> = { ...BASE_HEADERS, 'x-fb-trace-id': trace, 'x-fb-request-id': trace };
  if (type !== undefined && payload !== '') headers['content-type'] = type;
  headers['content-length'] = Buffer.byteLength(payload);
  if (reply.headers) Object.assign(headers, reply.headers);
  res.writeHead(reply.status, headers);
  res.end(payload);
  return trace;
}

/** A GraphError as a reply: the trace id in the body and in `x-fb-trace-id` are the same. */
export function sendError(res: ServerResponse, err: GraphError, extraHeaders: Record<string, string> = {}): void {
  const trace = newTraceId();
  const payload = JSON.stringify(err.toBody(trace));
  res.writeHead(err.status, {
    ...BASE_HEADERS,
    ...extraHeaders,
    ...err.headers,
    'x-fb-trace-id': trace,
    'x-fb-request-id': trace,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
