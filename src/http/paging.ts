/**
 * One paging contract for every list: `limit` 1–500 (default 50), `after` the opaque
 * `nextCursor` of the previous page, `nextCursor` null on the last page. A cursor is the last
 * row's keyset values (the list's ORDER BY columns, the row id last), so rows added or changed
 * meanwhile neither repeat nor shift the rest. Lists ask their query for `limit + 1` rows: the
 * extra one only tells whether another page follows.
 */
import { z } from '@hono/zod-openapi';
import { AppError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { textProblem } from '../text.ts';
import { isCalendarTime } from './calendar.ts';

export const PAGE_SIZE = { default: 50, max: 500 } as const;

/** The query parameters every paged list takes; a list extends it with its filters. */
export const pageParams = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_SIZE.max)
    .default(PAGE_SIZE.default)
    .openapi({ description: `Rows per page, 1–${PAGE_SIZE.max} (default ${PAGE_SIZE.default}).` }),
  after: z.string().min(1).max(2048).optional().openapi({ description: 'The `nextCursor` of the previous page (opaque).' }),
});

/** `nextCursor` in every paged answer. */
export const nextCursor = z.string().nullable().openapi({ description: 'Give it as `after` for the next page; null on the last page.' });

/** A boolean query parameter: exactly `true` or `false` (anything else is a 400 naming it). */
export const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Case-insensitive substring filter on names. */
// NUL never gets this far: `mount` refuses it in any parameter (input-text.ts).
export const searchParam = z.string().trim().min(1).max(200).optional().openapi({ description: 'Only rows whose name contains this (case-insensitive).' });

/**
 * One keyset value of a cursor: text, a time, or our row id (always last). A time travels as the
 * database wrote it, to the microsecond (`timeKey` in src/db/keyset.queries.ts): a JavaScript Date
 * keeps milliseconds, and rows within the same millisecond would be skipped or repeated.
 */
type Part = 'text' | 'time' | 'id' | 'int';
type Value<P extends Part> = P extends 'int' ? number : string;
export type Keyset<Parts extends readonly Part[]> = { [I in keyof Parts]: Value<Parts[I]> };

export interface CursorCodec<Parts extends readonly Part[]> {
  encode(values: Keyset<Parts>): string;
  /** The keyset of a cursor this list returned; anything else is 400 `invalid_input` naming `after`. */
  decode(cursor: string): Keyset<Parts>;
}

const badCursor = () => new AppError('invalid_input', 'after: not a cursor this list returned');

export function cursor<const Parts extends readonly Part[]>(...parts: Parts): CursorCodec<Parts> {
  return {
    encode: (values) => Buffer.from(JSON.stringify(values)).toString('base64url'),
    decode(raw) {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
      } catch {
        throw badCursor();
      }
      if (!Array.isArray(decoded) || decoded.length !== parts.length) throw badCursor();
      return parts.map((part, i) => {
        const value: unknown = decoded[i];
        if (part === 'int') {
          if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badCursor();
          return value;
        }
        // Text PostgreSQL can store, and for a time one the calendar has: 2024-02-30 or month 13
        // would reach the query's ::timestamptz and fail there (a 500), not here (a 400).
        if (typeof value !== 'string' || textProblem(value) !== undefined) throw badCursor();
        if (part === 'id' && !isUuid(value)) throw badCursor();
        if (part === 'time' && !isCalendarTime(value)) throw badCursor();
        return value;
      }) as Keyset<Parts>;
    },
  };
}

/** The page out of `limit + 1` rows, and the cursor of its last row when more follow. */
export function pageOf<Row, Parts extends readonly Part[]>(rows: readonly Row[], limit: number, codec: CursorCodec<Parts>, keysetOf: (row: Row) => Keyset<Parts>): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? codec.encode(keysetOf(last)) : null };
}
