/**
 * Webhook deliveries arriving together are stored together: each waits for the one INSERT that
 * holds its row (one statement at a time, the next gathering whatever arrived meanwhile), so a
 * burst of deliveries costs a few statements, not one each — on embedded PGlite every statement
 * waits its turn on the one connection, on this very thread. Each delivery is still stored by
 * exactly one statement, before it is answered; the same delivery twice is stored once.
 */
import type { Db } from '../db/database.ts';
import { insertSignals, type NewSignal } from './meta-signals.queries.ts';

export interface SignalWriter {
  /** Resolves once the row is committed: its id, or undefined when the same delivery was stored before. */
  write(signal: NewSignal): Promise<string | undefined>;
}

type Entry = { signal: NewSignal; done(error: unknown, id?: string): void };

// A statement's rows, and its size: a burst of 8 MiB deliveries is written a few at a time.
const MAX_ROWS = 200;
const MAX_BYTES = 16 * 1024 * 1024;

export function createSignalWriter(db: Db): SignalWriter {
  let waiting: Entry[] = [];
  let writing = false;

  function take(): Entry[] {
    let bytes = 0;
    let count = 0;
    while (count < waiting.length && count < MAX_ROWS) {
      bytes += waiting[count]!.signal.body.length;
      if (count > 0 && bytes > MAX_BYTES) break;
      count += 1;
    }
    const batch = waiting.slice(0, count);
    waiting = waiting.slice(count);
    return batch;
  }

  async function drain(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const batch = take();
        try {
          // The same delivery twice in one batch: the first is written, the others are repeats.
          const first = new Map<string, Entry>();
          for (const entry of batch) if (!first.has(entry.signal.dedupeKey)) first.set(entry.signal.dedupeKey, entry);
          const stored = await insertSignals(db, [...first.values()].map((entry) => entry.signal));
          for (const entry of batch) entry.done(undefined, first.get(entry.signal.dedupeKey) === entry ? stored.get(entry.signal.dedupeKey) : undefined);
        } catch (error) {
          for (const entry of batch) entry.done(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    write(signal) {
      return new Promise<string | undefined>((resolve, reject) => {
        waiting.push({ signal, done: (error, id) => (error === undefined ? resolve(id) : reject(error)) });
        // The next turn of the event loop, not at once: the requests already read join this write.
        if (!writing) {
          writing = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}
