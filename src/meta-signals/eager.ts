/**
 * What a process starts at once besides the jobs, which stay the durable record of the work.
 * A job waits for a worker's poll when another process sent it (2 s on PostgreSQL), and a
 * confirmation for the shared check of the app (up to 500 ms), so a removal checked only by its
 * job waited behind the others of its lane; here the check, or the processing of stored
 * webhooks, starts in this process right after the answer. The job then
 * finds it done (a check of a profile no longer Active asks Meta nothing; a check in flight in
 * this process is shared), and if this process dies first, the job or the minute sweep does it.
 */
import type { Logger } from '../logger.ts';
import type { SignalledCause } from '../meta/token-causes.ts';
import type { Verifier } from '../tokens/verification.ts';

/**
 * Starts removal checks now, up to `limit` at once (beyond that, their jobs do them). A check
 * mostly waits (on Meta, and on the check of the app a confirmation waits for: at most one every
 * 500 ms, shared), so many at once cost little CPU; 1,000 removals a minute keep about ten in flight.
 */
export function eagerRemovalChecks(deps: { verifier: Pick<Verifier, 'verify'>; logger: Logger }, limit = 64): (profileIds: readonly string[], cause?: SignalledCause) => void {
  let inFlight = 0;
  return (profileIds, cause = 'app_removed') => {
    for (const profileId of profileIds) {
      if (inFlight >= limit) return;
      inFlight += 1;
      deps.verifier
        .verify(profileId, undefined, { cause })
        .catch((error: unknown) => deps.logger.error({ err: error, metaUser: profileId }, 'a removal check failed here; its job checks again'))
        .finally(() => (inFlight -= 1));
    }
  };
}

/** Runs `work` now, one run at a time; a call during a run makes it run once more after. */
export function eagerRunner(work: () => Promise<unknown>, logger: Logger): { run(): void; close(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  return {
    run() {
      if (closed) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await work();
          } catch (error) {
            logger.error({ err: error }, "processing Meta's deliveries here failed; the job and the minute sweep do it");
          }
        } while (again && !closed);
      })().finally(() => (running = undefined));
    },
    async close() {
      closed = true;
      await running;
    },
  };
}
