import { sql, type RawBuilder } from 'kysely';

/**
 * A timestamp column as a cursor carries it: UTC, to the microsecond. Compared back with
 * `::timestamptz`, it names the row's time exactly (a JavaScript Date would round it to the
 * millisecond, and `now()` defaults write microseconds).
 */
export const timeKey = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `(time, id) < (cursor)`: the rows after a cursor in newest-first order. */
export const olderThan = (timeColumn: string, idColumn: string, after: readonly [time: string, id: string]) =>
  sql<boolean>`(${sql.ref(timeColumn)}, ${sql.ref(idColumn)}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`;
