import type { z } from 'zod';
import type { Logger } from '../logger.ts';

export type JobTrigger = 'schedule' | 'manual' | 'queue';

export interface JobContext {
  trigger: JobTrigger;
  logger: Logger;
}

/**
 * A job is a declaration: a name (one pg-boss queue each), a payload schema, a handler and,
 * when it runs on a timer, a cron. Handlers must be idempotent: pg-boss may deliver a job twice
 * (a worker killed after finishing, an expired lease) and several workers may run at once.
 */
export interface JobDefinition<P = unknown, R = unknown> {
  name: string;
  description: string;
  cron?: string | undefined;
  payload: z.ZodType<P>;
  /** Sweeps are recorded in job_runs (the admin page shows the last one); fan-out jobs are not. */
  recordRuns: boolean;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * How long one run may take before pg-boss considers it lost and gives the job to another
   * worker (a worker killed mid-job leaves it `active` until then). Every job says what it needs:
   * too short and a slow run is repeated beside itself, too long and a killed worker's job waits.
   * docs/operations.md ("Jobs") lists them.
   */
  expireInSeconds: number;
  /**
   * How many of this queue's jobs one process works at once; `'worker'` for the fan-out jobs
   * (one per token, one per ad account) whose number of lanes is the deployment's sizing knob,
   * `WORKER_CONCURRENCY`.
   */
  concurrency?: number | 'worker';
  handler(payload: P, context: JobContext): Promise<R>;
}

export function defineJob<P, R>(definition: JobDefinition<P, R>): JobDefinition<P, R> {
  return definition;
}
