/**
 * Cursor paging exactly as Graph does it: `limit` (default 25), `paging.cursors.before/after`
 * (opaque strings pointing at the first and last item of the page), an absolute `paging.next`
 * that repeats the request's own parameters, `previous` when there is a page before, and no
 * `next` on the last page.
 */
import { invalidParam } from './errors.ts';

export const DEFAULT_LIMIT = 25;

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export interface PagingRequest {
  /** Absolute URL of the request without its query: origin + path as the client sent it. */
  selfUrl: string;
  query: URLSearchParams;
  /** A parameter from the query or the body. */
  param(name: string): string | undefined;
}

export interface Paged {
  data: unknown[];
  paging?: {
    cursors: { before: string; after: string };
    previous?: string;
    next?: string;
  };
}

export function parseLimit(req: PagingRequest): number {
  const raw = req.param('limit');
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalidParam('Param limit must be a non-negative integer');
  return Math.max(1, n);
}

/**
 * One page of `keys`. `pos` maps a key to its index (for id cursors); without it the keys are
 * row offsets (insights rows have no ids).
 */
export function paginate(req: PagingRequest, keys: readonly string[], render: (key: string) => unknown, pos?: ReadonlyMap<string, number>): Paged {
  const limit = parseLimit(req);
  const after = req.param('after');
  const before = req.param('before');
  const indexOf = (cursor: string): number => {
    const key = decodeCursor(cursor);
    const at = pos ? pos.get(key) : Number(key);
    if (at === undefined || !Number.isInteger(at) || at < 0 || at >= keys.length) throw invalidParam('Invalid cursor');
    return at;
  };
  let start = 0;
  let end: number;
  if (after) {
    start = indexOf(after) + 1;
    end = Math.min(keys.length, start + limit);
  } else if (before) {
    end = indexOf(before);
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(keys.length, limit);
  }
  const slice = keys.slice(start, end);
  if (slice.length === 0) return { data: [] };
  const cursorOf = (i: number): string => encodeCursor(pos ? (keys[i] ?? '') : String(i));
  const paging: NonNullable<Paged['paging']> = { cursors: { before: cursorOf(start), after: cursorOf(end - 1) } };
  const link = (name: 'after' | 'before', cursor: string): string => {
    const q = new URLSearchParams(req.query);
    q.delete('after');
    q.delete('before');
    q.set('limit', String(limit));
    q.set(name, cursor);
    return `${req.selfUrl}?${q.toString()}`;
  };
  if (start > 0) paging.previous = link('before', paging.cursors.before);
  if (end < keys.length) paging.next = link('after', paging.cursors.after);
  return { data: slice.map(render), paging };
}
