/**
 * Every checkout is recorded before its token is handed out. Checkouts arriving together are
 * written together: each waits for the statement that holds its record (one at a time, the next
 * gathering whatever arrived meanwhile), so a burst of a thousand checkouts costs a few INSERTs,
 * not a thousand — on embedded PGlite every statement waits its turn on the one connection.
 *
 * With `perMinute`, the batch first takes from each key's bucket in the database (one atomic
 * upsert per key, shared by every web process), and the checkouts it has no room for are
 * refused (429) instead of written.
 */
import type { Db } from '../db/database.ts';
import { insertCheckouts, takeCheckouts, type CheckoutRecord } from './checkouts.queries.ts';
import { tooManyCheckouts } from './key-throttle.ts';

export interface CheckoutLog {
  /**
   * Resolves once the record is committed; rejects when it could not be, or with `rate_limited`
   * when the key has had its checkouts of the minute (the token is then not handed out).
   */
  write(record: CheckoutRecord): Promise<void>;
}

type Entry = { record: CheckoutRecord; done(error?: unknown): void };

export function createCheckoutLog(db: Db, options: { perMinute?: number; maxBatch?: number } = {}): CheckoutLog {
  const maxBatch = options.maxBatch ?? 500;
  const perMinute = options.perMinute;
  let waiting: Entry[] = [];
  let writing = false;

  /** Writes what the keys' buckets have room for; answers the others with the wait until there is room. */
  async function write(batch: Entry[]): Promise<Map<Entry, number>> {
    const refused = new Map<Entry, number>();
    if (perMinute !== undefined) {
      const byKey = new Map<string, Entry[]>();
      for (const entry of batch) {
        const key = entry.record.apiKeyId;
        if (!key) continue;
        const entries = byKey.get(key);
        if (entries) entries.push(entry);
        else byKey.set(key, [entry]);
      }
      const now = new Date(Math.max(...batch.map((entry) => entry.record.createdAt.getTime())));
      for (const [key, entries] of byKey) {
        const { granted, left } = await takeCheckouts(db, key, entries.length, perMinute, now);
        // The next checkout fits once the bucket has refilled to one.
        const retryAfterSeconds = Math.max(1, Math.ceil(((1 - left) * 60) / perMinute));
        for (const entry of entries.slice(granted)) refused.set(entry, retryAfterSeconds);
      }
    }
    await insertCheckouts(db, batch.filter((entry) => !refused.has(entry)).map((entry) => entry.record));
    return refused;
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          const refused = await write(batch);
          for (const entry of batch) {
            const retryAfter = refused.get(entry);
            entry.done(retryAfter === undefined ? undefined : tooManyCheckouts(retryAfter));
          }
        } catch (error) {
          for (const entry of batch) entry.done(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    write(record) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
        // Started a moment later, not at once: on embedded PGlite a statement runs on this
        // thread, so the requests already received only reach their checkout once it is done;
        // waiting for the next turn of the event loop lets them join this write.
        if (!writing) {
          writing = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}
