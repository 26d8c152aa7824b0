/**
 * One Meta budget per deployment. Each process's Graph client throttles itself by the usage
 * figures Meta sends back (meta/usage.ts); with N workers each would otherwise believe it has
 * the whole Business-Use-Case budget of an ad account and together they would overrun it (Meta
 * then blocks the account for minutes). Here every process tells the others what it learnt, and
 * hears what they learnt:
 *   - a figure worth telling (a policy threshold crossed, 5 points moved, a regain estimate, every
 *     5 minutes) is written to `meta_usage`, the newest per budget winning;
 *   - the write's NOTIFY (migration 011) reaches every process through the change feed, which
 *     reads the row and gives it to its client's tracker; a feed that restarts reloads them all.
 * Embedded PGlite is one process: there is nobody to tell, and this is not wired.
 */
import type { ChangeFeed } from '../db/change-feed.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import type { SharedFigure } from '../meta/usage.ts';
import { freshFigures, saveFigure } from './usage.queries.ts';

const HOUR_MS = 3_600_000;

export function shareMetaBudget(deps: { db: Db; changes: ChangeFeed; usage: GraphClient['usage']; logger: Logger; now(): number }): { close(): Promise<void> } {
  // The latest figure per budget waiting to be written: a burst of answers is one write per budget.
  const pending = new Map<string, SharedFigure>();
  let writing: Promise<void> | undefined;
  let closed = false;

  async function write(): Promise<void> {
    while (pending.size > 0) {
      const batch = [...pending.values()];
      pending.clear();
      for (const figure of batch) {
        try {
          await saveFigure(deps.db, figure);
        } catch (error) {
          deps.logger.warn({ err: error, key: figure.key }, 'could not share a Meta usage figure; this process still throttles by it');
        }
      }
    }
  }

  deps.usage.onAnnounce((figure) => {
    if (closed) return;
    pending.set(figure.key, figure);
    writing ??= write().finally(() => {
      writing = undefined;
    });
  });

  // Reads in flight: close() waits for them, so a short-lived command (a CLI call) closing its
  // database right after start does not log a read it cut off.
  const loading = new Set<Promise<void>>();

  async function read(key?: string): Promise<void> {
    try {
      for (const figure of await freshFigures(deps.db, new Date(deps.now() - HOUR_MS), key)) deps.usage.apply(figure);
    } catch (error) {
      deps.logger.warn({ err: error, key }, 'could not read the shared Meta usage figures');
    }
  }

  function load(key?: string): void {
    if (closed) return;
    const reading = read(key).finally(() => loading.delete(reading));
    loading.add(reading);
  }

  const unsubscribe = deps.changes.subscribe((payload) => {
    if (payload === null) load();
    else if (payload.startsWith('usage:')) load(payload.slice('usage:'.length));
  });
  // The feed starts listening on its first sync; what is known already is read now.
  void deps.changes.sync();
  load();

  return {
    close: async () => {
      closed = true;
      unsubscribe();
      await Promise.all([writing, ...loading]);
    },
  };
}
