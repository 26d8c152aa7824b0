import type { Command } from 'commander';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { markDiedJobRuns, pendingQueueJobs, recentJobRuns, type JobRun } from '../jobs/job-runs.queries.ts';
import type { JobQueue } from '../jobs/queue.ts';

/** What these commands use of a started process (the CLI passes main.ts's Runtime). */
export interface JobsRuntime {
  database: { db: Db };
  clock: Clock;
  queue: Pick<JobQueue, 'start' | 'send' | 'runNow' | 'definitions'>;
}

export interface JobsCliHelpers {
  withRuntime<T>(fn: (runtime: JobsRuntime) => Promise<T>): Promise<T>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function parsePayload(raw: string): object {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    throw new AppError('invalid_input', '--payload must be JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new AppError('invalid_input', '--payload must be a JSON object');
  return payload;
}

/**
 * `wevion jobs enqueue`: the job goes to the queue, and a worker (`serve` or `worker`) runs it as
 * "Run now" would (everything at once, recorded as a manual run), not spread like the schedule's.
 * Returns pg-boss's job id.
 */
export async function enqueueJob(queue: Pick<JobQueue, 'send' | 'definitions'>, name: string, payload: object = {}): Promise<string> {
  if (!queue.definitions().some((job) => job.name === name)) {
    throw new AppError('not_found', `job "${name}" is not defined; known jobs: ${queue.definitions().map((job) => job.name).join(', ')}`);
  }
  const id = await queue.send(name, { ...payload, trigger: 'manual' });
  // Only a singleton already queued makes pg-boss drop a send; these sends name none.
  if (!id) throw new AppError('conflict', `job "${name}" was not queued: the same job is already waiting`);
  return id;
}

export interface JobListing {
  name: string;
  description: string;
  cron: string | null;
  expireInSeconds: number;
  /** Sweeps record their runs; fan-out jobs (one per token, per account, per delivery) do not. */
  recordsRuns: boolean;
  queue: { queued: number; active: number };
  runs: Array<{
    id: string;
    trigger: 'schedule' | 'manual';
    status: JobRun['status'];
    startedAt: string;
    finishedAt: string | null;
    runBy: JobRun['runBy'];
    queueJobId: string | null;
    error: string | null;
    summary: unknown;
  }>;
}

/** Every job with what pg-boss holds for it and its last runs, runs whose process died marked so first. */
export async function listJobs(runtime: JobsRuntime, runsPerJob: number): Promise<JobListing[]> {
  const db = runtime.database.db;
  await markDiedJobRuns(db, new Date(runtime.clock.now()));
  const [runs, pending] = await Promise.all([recentJobRuns(db, runsPerJob), pendingQueueJobs(db)]);
  return runtime.queue.definitions().map((job) => ({
    name: job.name,
    description: job.description,
    cron: job.cron ?? null,
    expireInSeconds: job.expireInSeconds,
    recordsRuns: job.recordRuns,
    queue: pending.get(job.name) ?? { queued: 0, active: 0 },
    runs: runs
      .filter((run) => run.job === job.name)
      .map((run) => ({
        id: run.id,
        trigger: run.trigger,
        status: run.status,
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.finishedAt?.toISOString() ?? null,
        runBy: run.runBy,
        queueJobId: run.queueJobId,
        error: run.error,
        summary: run.summary,
      })),
  }));
}

const utc = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '—');
const duration = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

function listingText(jobs: JobListing[]): string {
  const width = Math.max(...jobs.map((job) => job.name.length));
  const lines: string[] = [];
  for (const job of jobs) {
    const queue = job.queue.queued + job.queue.active > 0 ? `; queued ${job.queue.queued}, running ${job.queue.active}` : '';
    lines.push(`${job.name.padEnd(width)}  ${(job.cron ?? '(on demand)').padEnd(14)}  ${`expires after ${duration(job.expireInSeconds)}${queue}`.padEnd(21)}  ${job.description}`);
    if (!job.recordsRuns) continue;
    if (job.runs.length === 0) lines.push(`${' '.repeat(width)}  never run`);
    for (const run of job.runs) {
      const by = run.runBy ? `${run.runBy.role}@${run.runBy.host}:${run.runBy.pid}` : '(process not recorded)';
      const why = run.status === 'failed' || run.status === 'died' ? `: ${run.error ?? ''}` : '';
      lines.push(`${' '.repeat(width)}  ${run.status.padEnd(9)}  ${utc(run.startedAt)} → ${utc(run.finishedAt).padEnd(19)}  ${by}  ${run.trigger}${run.queueJobId ? ` (queue job ${run.queueJobId})` : ''}${why}`);
    }
  }
  return lines.join('\n');
}

/** `wevion jobs list|enqueue|run`. */
export function registerJobCommands(program: Command, helpers: JobsCliHelpers): void {
  const jobs = program.command('jobs').description('background jobs');
  jobs
    .command('list')
    .description('the jobs, their schedule and expiry, what is queued, and their last runs: who ran them (role@host:pid), when, and how it ended')
    .option('--runs <n>', 'runs shown per job, newest first', '3')
    .option('--json', 'JSON instead of text')
    .action((options: { runs: string; json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        const perJob = Number(options.runs);
        if (!Number.isInteger(perJob) || perJob < 1 || perJob > 100) throw new AppError('invalid_input', '--runs: a whole number from 1 to 100');
        // Started (without working) so pg-boss's schema and queues exist to be read.
        await runtime.queue.start({ work: false, schedule: false });
        const listing = await listJobs(runtime, perJob);
        out(options.json ? JSON.stringify({ jobs: listing }) : listingText(listing));
      }),
    );
  jobs
    .command('enqueue')
    .argument('<name>', 'job name, e.g. token-refresh (see `wevion jobs list`)')
    .option('--payload <json>', 'job payload as a JSON object', '{}')
    .option('--json', 'print {"job","id"} instead of a sentence')
    .description('send a job to the queue: a running `wevion serve` or `wevion worker` runs it (now, not spread like the schedule); prints its id')
    .action((name: string, options: { payload: string; json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        const payload = parsePayload(options.payload);
        await runtime.queue.start({ work: false, schedule: false });
        const id = await enqueueJob(runtime.queue, name, payload);
        out(options.json ? JSON.stringify({ job: name, id }) : `${name} queued as ${id}: a worker (\`wevion serve\` or \`wevion worker\`) runs it; \`wevion jobs list\` shows who ran it and how it ended`);
      }),
    );
  jobs
    .command('run')
    .argument('<name>', 'job name, e.g. token-refresh')
    .option('--payload <json>', 'job payload as a JSON object', '{}')
    .description('run one job in the foreground, in this command’s own process (not on a worker: see `jobs enqueue`), and print its summary')
    .action((name: string, options: { payload: string }) =>
      helpers.withRuntime(async (runtime) => {
        const payload = parsePayload(options.payload);
        await runtime.queue.start({ work: false, schedule: false });
        // Said on stderr: stdout stays the summary's JSON.
        process.stderr.write(`wevion: running ${name} in the foreground, in this process (\`wevion jobs enqueue ${name}\` sends it to the workers instead)\n`);
        const summary = await runtime.queue.runNow(name, payload);
        out(JSON.stringify(summary ?? null));
      }),
    );
}
