import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { SignalledCause } from '../meta/token-causes.ts';
import type { SignalMetrics } from './metrics.ts';

/** What the intake and the processing of Meta's push signals need, passed in by the composition root. */
export interface SignalsDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The app whose secret signs what Meta sends (the secret is never logged). */
  app: { appId: string; appSecret: string };
  /** META_WEBHOOK_VERIFY_TOKEN (demo: generated in DATA_DIR); unset: every handshake is refused. */
  verifyToken: string | undefined;
  /** PUBLIC_URL: the data deletion status page's address given to Meta. */
  publicUrl: string;
  /** The job queue (it exists once every area's jobs are declared). */
  queue: () => Pick<JobQueue, 'send' | 'insert'>;
  metrics: SignalMetrics;
  /**
   * Starts the checks of these profiles in this process now, besides their queued jobs (which
   * then find them done, or share the check in flight): a queued job waits for a worker's poll.
   */
  checkNow?(profileIds: readonly string[], cause?: SignalledCause): void;
}

/** The limits of the intake (documented in docs/operations.md, "Meta's push signals"). */
export const LIMITS = {
  /** A callback is one form field of a few hundred bytes. */
  callbackBytes: 64 * 1024,
  /** Meta batches up to 1,000 changes per webhook delivery; 8 MiB leaves ~8 KiB per change (a long `target_ids`). */
  webhookBytes: 8 * 1024 * 1024,
  /**
   * A delivery issued longer ago than this is refused (`signal_expired`): Meta retries for up to
   * 36 hours with the delivery it made first, so older is a replay. Inside the window a repeat is
   * recognised by its bytes and stored once.
   */
  acceptedAgeMs: 48 * 3_600_000,
  /** How far ahead of our clock Meta's `issued_at` may be. */
  acceptedAheadMs: 3_600_000,
  /** A processor's hold on a stored delivery; a processor that dies lets it run out. */
  leaseMs: 2 * 60_000,
  /**
   * The hold of the process that received a webhook and processes it from memory (within a second
   * or two): if it dies, the delivery is taken again this long after it arrived, by the minute sweep.
   */
  localLeaseMs: 60_000,
} as const;
