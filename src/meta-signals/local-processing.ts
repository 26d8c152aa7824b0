/**
 * Webhooks processed by the process that received them, from the envelope the intake parsed.
 * The intake stores such a delivery already leased to this process (LIMITS.localLeaseMs), so no
 * other processor takes it meanwhile, and its body is neither claimed, read back nor parsed
 * again: at the intake's rates that read-back was a third of the processing's cost.
 *
 * The lease is what makes it durable: a process that dies with deliveries in hand lets their
 * leases run out, and the minute sweep (or any processor's next claim) takes them. What is held
 * in memory is bounded; a delivery beyond the bound is stored without a lease and the processing
 * job takes it, as every delivery was before.
 */
import type { SignalsDeps } from './deps.ts';
import type { WebhookEnvelope } from './envelope.ts';
import type { StoredSignal } from './meta-signals.queries.ts';
import { eagerRunner } from './eager.ts';
import { processBatch } from './process.ts';

export interface LocalProcessing {
  /** Makes room for a delivery of `bytes`: true when this process will process it from memory (its row is then stored leased). */
  reserve(bytes: number): boolean;
  /** The delivery room was made for is stored: it is processed here, soon. */
  hand(signal: StoredSignal, envelope: WebhookEnvelope, bytes: number): void;
  /** The delivery room was made for was not stored (a repeat, or the INSERT failed). */
  release(bytes: number): void;
  /** Takes no more; processes what it holds. */
  close(): Promise<void>;
}

/** The bound of what one process holds: about a second of deliveries at the intake's rates, and their parsed envelopes' memory. */
export const LOCAL_LIMITS = { deliveries: 1_000, bytes: 16 * 1024 * 1024, batch: 100 } as const;

/** The lease a delivery must still have for this process to start it (the rest of LIMITS.localLeaseMs is the time it may take). */
const LEASE_MARGIN_MS = 15_000;

export function createLocalProcessing(deps: SignalsDeps, limits: { deliveries: number; bytes: number; batch: number } = LOCAL_LIMITS): LocalProcessing {
  let held = 0;
  let heldBytes = 0;
  let closed = false;
  let queue: Array<{ signal: StoredSignal; envelope: WebhookEnvelope; bytes: number }> = [];

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, limits.batch);
      queue = queue.slice(batch.length);
      // A delivery whose lease is about to end is left to the sweep: processed here too, it could be processed twice.
      const now = deps.clock.now();
      const due = batch.filter((item) => (item.signal.claimed_until?.getTime() ?? 0) - now >= LEASE_MARGIN_MS);
      if (due.length < batch.length) deps.logger.warn({ deliveries: batch.length - due.length }, "Meta's deliveries held here too long are left to the sweep when their lease ends");
      try {
        if (due.length > 0) {
          await processBatch(
            deps,
            due.map((item) => item.signal),
            new Map(due.map((item) => [item.signal.id, item.envelope])),
          );
        }
      } catch (error) {
        deps.logger.error({ err: error, deliveries: batch.length }, "processing Meta's deliveries here failed; they are taken again when their lease ends");
      } finally {
        held -= batch.length;
        heldBytes -= batch.reduce((n, item) => n + item.bytes, 0);
      }
    }
  }

  // One drain at a time; a delivery handed during the last batch's marking runs it once more.
  const runner = eagerRunner(drain, deps.logger);

  return {
    reserve(bytes) {
      if (closed || held >= limits.deliveries || (held > 0 && heldBytes + bytes > limits.bytes)) return false;
      held += 1;
      heldBytes += bytes;
      return true;
    },
    hand(signal, envelope, bytes) {
      queue.push({ signal, envelope, bytes });
      runner.run();
    },
    release(bytes) {
      held -= 1;
      heldBytes -= bytes;
    },
    async close() {
      closed = true;
      await runner.close();
    },
  };
}
