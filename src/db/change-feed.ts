import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Mutex } from './mutex.ts';

/** The channel migration 006's triggers notify on; payloads are `profiles:<workspace id>` and `auth`. */
export const CHANGES_CHANNEL = 'wevion_changes';

/**
 * What committed changes this process has heard of, for read caches that must never serve stale
 * data. A listener gets each payload, or `null` when anything may have changed unheard (the feed
 * started, lost its connection or came back): then it forgets everything.
 */
export interface ChangeFeed {
  /**
   * Resolves true once every change committed before the call has reached the listeners; false
   * when the feed cannot promise that (not connected yet, connection lost): caches must be bypassed.
   * With `since` (a `performance.now()` reading, e.g. when a request arrived), every change
   * committed before that moment is enough: a barrier already passed after it is reused, so one
   * request's several cached reads wait for one round trip, not one each.
   */
  sync(since?: number): Promise<boolean>;
  subscribe(listener: (payload: string | null) => void): () => void;
  close(): Promise<void>;
}

function listenerSet() {
  const listeners = new Set<(payload: string | null) => void>();
  return {
    add(listener: (payload: string | null) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(payload: string | null) {
      for (const listener of listeners) listener(payload);
    },
  };
}

/**
 * Embedded PGlite is one connection in this process, and it hands a commit's notifications to
 * the listeners before the COMMIT resolves, so once listening the feed is always in sync.
 */
export function pgliteChangeFeed(pglite: PGlite, mutex: Mutex): ChangeFeed {
  const listeners = listenerSet();
  let state: 'idle' | 'starting' | 'up' | 'closed' = 'idle';
  let unlisten: (() => Promise<void>) | undefined;
  const start = () => {
    state = 'starting';
    mutex
      .run(() => pglite.listen(CHANGES_CHANNEL, (payload) => listeners.emit(payload)))
      .then((stop) => {
        unlisten = stop;
        if (state === 'closed') return;
        listeners.emit(null);
        state = 'up';
      })
      .catch(() => {
        if (state === 'starting') state = 'idle';
      });
  };
  return {
    sync: async () => {
      if (state === 'up') return true;
      if (state === 'idle') start();
      return false;
    },
    subscribe: (listener) => listeners.add(listener),
    close: async () => {
      state = 'closed';
      const stop = unlisten;
      unlisten = undefined;
      // Closing the database also ends the subscription; this is for a feed closed on its own.
      if (stop && !pglite.closed) await mutex.run(() => stop()).catch(() => {});
    },
  };
}

/** The barrier's text: nothing to parse or plan, no row to read. */
export const BARRIER = '';
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PostgreSQL delivers a notification to a listening connection asynchronously, so "in sync" is
 * established by a round trip on the listening connection itself: the server sends every
 * notification queued for it before it says it is ready again, so once the round trip answers,
 * every change committed before it was sent has been heard. The round trip is an empty query
 * (the server parses and plans nothing, the client reads no row). Concurrent callers share one
 * round trip, and a caller never joins one that started before it asked (or before the `since`
 * it gave). A round trip waits for the end of the event loop's turn before it is sent, so every
 * request read in that turn shares it: under load one round trip serves a dozen requests.
 */
export function postgresChangeFeed(connectionString: string, options: { applicationName?: string; barrierTimeoutMs?: number } = {}): ChangeFeed {
  const listeners = listenerSet();
  let state: 'idle' | 'connecting' | 'up' | 'down' | 'closed' = 'idle';
  let client: pg.Client | undefined;
  let reconnectDelayMs = 500;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let inFlight: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  /** When the latest barrier that came back on the current connection was sent. */
  let heardUpTo: number | undefined;

  const drop = (failed: pg.Client) => {
    if (client !== failed) return;
    client = undefined;
    heardUpTo = undefined;
    failed.removeAllListeners('notification');
    failed.end().catch(() => {});
    if (state === 'closed') return;
    state = 'down';
    listeners.emit(null);
    reconnectTimer = setTimeout(connect, reconnectDelayMs);
    reconnectTimer.unref();
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, 15_000);
  };

  const connect = () => {
    reconnectTimer = undefined;
    if (state === 'closed' || state === 'connecting' || state === 'up') return;
    state = 'connecting';
    const next = new pg.Client({ connectionString, application_name: options.applicationName ?? 'wevion-changes', query_timeout: options.barrierTimeoutMs ?? 5_000 });
    client = next;
    next.on('error', () => drop(next));
    next.on('end', () => drop(next));
    next.on('notification', (message) => {
      if (client === next && message.channel === CHANGES_CHANNEL) listeners.emit(message.payload ?? null);
    });
    next
      .connect()
      .then(() => next.query(`listen ${CHANGES_CHANNEL}`))
      .then(() => {
        if (client !== next) return;
        if (state === 'closed') {
          next.end().catch(() => {});
          return;
        }
        // Whatever changed while nobody listened is unknown: caches start over.
        listeners.emit(null);
        state = 'up';
        reconnectDelayMs = 500;
      })
      .catch(() => drop(next));
  };

  const roundTrip = async (): Promise<boolean> => {
    const current = client;
    if (state !== 'up' || !current) return false;
    const sentAt = performance.now();
    try {
      await current.query(BARRIER);
      const inSync = state === 'up' && client === current;
      // Round trips run one after another, so the latest to come back was the latest sent.
      if (inSync) heardUpTo = sentAt;
      return inSync;
    } catch {
      drop(current);
      return false;
    }
  };

  return {
    sync: (since) => {
      if (state === 'idle') connect();
      if (state !== 'up') return Promise.resolve(false);
      if (since !== undefined && heardUpTo !== undefined && heardUpTo >= since) return Promise.resolve(true);
      // Join the round trip that has not started yet; it starts once the running one is done
      // and the callers of this turn of the event loop have joined.
      queued ??= (inFlight ?? Promise.resolve(true)).then(nextTurn).then(() => {
        queued = undefined;
        inFlight = roundTrip().finally(() => {
          inFlight = undefined;
        });
        return inFlight;
      });
      return queued;
    },
    subscribe: (listener) => listeners.add(listener),
    close: async () => {
      state = 'closed';
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const current = client;
      client = undefined;
      if (current) await current.end().catch(() => {});
    },
  };
}
