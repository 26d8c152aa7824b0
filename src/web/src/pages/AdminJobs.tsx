import { useQuery } from '@tanstack/react-query';
import { call, client } from '../api.ts';
import { useAction } from '../components/action.ts';
import { ErrorPanel, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../errors.ts';
import { useI18n, type I18n, type MessageKey } from '../i18n/index.tsx';
import type { Job, JobRun } from '../types.ts';
import { queryKeys } from '../queries/keys.ts';
import { cronInWords } from '../schedule.ts';
import { DataDeletionRequests } from '../components/DataDeletionRequests.tsx';
import './AdminJobs.css';

/** Job descriptions we can say in the member's language; others show the service's own text. */
const DESCRIPTIONS: Record<string, MessageKey> = {
  'session-cleanup': 'jobDesc.session-cleanup',
  'token-refresh': 'jobDesc.token-refresh',
  'permission-sync': 'jobDesc.permission-sync',
  'insights-sync': 'jobDesc.insights-sync',
};

/** Job names in words; a job new to this UI shows its name as it is. */
const NAMES: Record<string, MessageKey> = {
  'session-cleanup': 'jobName.session-cleanup',
  'token-refresh': 'jobName.token-refresh',
  'permission-sync': 'jobName.permission-sync',
  'insights-sync': 'jobName.insights-sync',
};

/** "Every day at 03:17 (Europe/Rome time)": the schedule in words, in the service's time zone; the cron itself beside it. */
function Schedule({ cron, zone }: { cron: string | null; zone: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!cron) return <>{t('jobs.onDemand')}</>;
  const words = cronInWords(i18n, cron);
  return (
    <>
      {t('schedule.inZone', { schedule: words ?? cron, zone })}
      {words && (
        <>
          {' · '}
          <code>{cron}</code>
        </>
      )}
    </>
  );
}

/** A summary object ({refreshed: 3, failed: 0}) as "refreshed 3 · failed 0". */
function SummaryView({ summary }: { summary: unknown }) {
  const { number } = useI18n();
  if (summary === null || summary === undefined) return <span className="muted">—</span>;
  if (typeof summary !== 'object' || Array.isArray(summary)) return <code>{JSON.stringify(summary)}</code>;
  const entries = Object.entries(summary as Record<string, unknown>);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="summary">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase()}</dt>
          <dd>{typeof value === 'number' ? number(value) : typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function durationText(i18n: I18n, run: JobRun): string | undefined {
  if (!run.finishedAt) return undefined;
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  if (ms < 1000) return i18n.t('jobs.tookMs', { ms: Math.max(0, Math.round(ms)) });
  return i18n.t('jobs.took', { seconds: i18n.number(ms / 1000, { maximumFractionDigits: ms < 10_000 ? 1 : 0 }) });
}

function LastRun({ run }: { run: JobRun | null }) {
  const i18n = useI18n();
  const { t, dateTime, relative } = i18n;
  if (!run) return <span className="muted">{t('jobs.neverRun')}</span>;
  const duration = durationText(i18n, run);
  return (
    <div className="last-run">
      <span className={`pill pill-run-${run.status}`}>{t(`jobs.status.${run.status}`)}</span>
      <span className="last-run-when">
        <time dateTime={run.startedAt} title={dateTime(run.startedAt)}>
          {relative(run.startedAt)}
        </time>
        {' · '}
        {t(`jobs.trigger.${run.trigger}`)}
        {duration && ` · ${duration}`}
        {run.runBy && (
          <>
            {' · '}
            <code className="run-by">{`${run.runBy.role}@${run.runBy.host}:${run.runBy.pid}`}</code>
          </>
        )}
      </span>
      {run.error && <p className="field-error">{run.error}</p>}
    </div>
  );
}

export function AdminJobsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const jobName = (name: string) => (NAMES[name] ? t(NAMES[name]) : name);
  const jobs = useQuery({ queryKey: queryKeys.jobs(), queryFn: ({ signal }) => call(client.GET('/api/jobs', { signal })) });
  const runNow = useAction({
    run: (job: Job) => call(client.POST('/api/jobs/{name}/run', { params: { path: { name: job.name } } })),
    doneText: (_, job) => t('jobs.done', { job: jobName(job.name) }),
    failureText: (error, job) => t('jobs.failed', { job: jobName(job.name), reason: errorText(i18n, error) }),
    invalidates: [queryKeys.jobs()],
  });
  const running = runNow.busy ? runNow.variables?.name : undefined;

  const list = jobs.data?.jobs;
  return (
    <>
      <PageHeader title={t('jobs.title')} intro={t('jobs.intro')} />
      {jobs.error && !list ? (
        <ErrorPanel error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{t('jobs.none')}</p>
      ) : (
        <ul className="job-list">
          {list.map((job) => {
            const description = DESCRIPTIONS[job.name];
            return (
              <li key={job.name} className="card job" data-testid="job" data-job={job.name}>
                <div className="job-head">
                  <div>
                    <h2 className="job-name" data-name={job.name}>
                      {jobName(job.name)}
                    </h2>
                    <p className="muted">{description ? t(description) : job.description}</p>
                  </div>
                  <button type="button" className="btn btn-secondary" disabled={runNow.busy} onClick={() => runNow.run(job)} aria-label={`${t('jobs.runNow')} — ${jobName(job.name)}`}>
                    {running === job.name ? t('jobs.running') : t('jobs.runNow')}
                  </button>
                </div>
                <dl className="facts facts-inline">
                  <div>
                    <dt>{t('jobs.schedule')}</dt>
                    <dd data-testid="schedule">
                      <Schedule cron={job.cron} zone={jobs.data?.timeZone ?? 'UTC'} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('jobs.lastRun')}</dt>
                    <dd>
                      <LastRun run={job.lastRun} />
                    </dd>
                  </div>
                  <div className="facts-wide">
                    <dt>{t('jobs.summary')}</dt>
                    <dd>
                      <SummaryView summary={job.lastRun?.summary} />
                    </dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      <DataDeletionRequests />
    </>
  );
}
