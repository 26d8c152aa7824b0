/**
 * Every checkout is recorded before its token is handed out. Checkouts arriving together are
 * written together: each waits for the statement that holds its record (one at a time, the next
 * gathering whatever arrived meanwhile), so a burst of a thousand checkouts costs a few INSERTs,
 * not a thousand — on embedded PGlite every statement waits its turn on the one connection.
 */
import type { Db } from '../db/database.ts';
import { insertCheckouts, type CheckoutRecord } from './checkouts.queries.ts';

export interface CheckoutLog {
  /** Resolves once the record is committed; rejects when it could not be (the token is then not handed out). */
  write(record: CheckoutRecord): Promise<void>;
}

export function createCheckoutLog(db: Db, options: { maxBatch?: number } = {}): CheckoutLog {
  const maxBatch = options.maxBatch ?? 500;
  let waiting: Array<{ record: CheckoutRecord; done(error?: unknown): void }> = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          await insertCheckouts(db, batch.map((entry) => entry.record));
          for (const entry of batch) entry.done();
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
