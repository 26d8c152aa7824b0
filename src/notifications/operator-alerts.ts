/**
 * Operators hear of what no marketer can fix: Meta refusing the app itself. One email per change
 * of state to OPERATOR_EMAILS (when SMTP_URL is set), sent by a job so a mail server that is down
 * is retried; the job id is the change itself, so a change is mailed once however many processes
 * saw it. Without SMTP or addresses the change is only logged (and on /metrics, /readyz, doctor,
 * the admin banner and the webhooks).
 */
import { smtpTransport } from './smtp.ts';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';
import type { AppHealthEvent } from '../meta-app/app-health.ts';
import type { ApiVersionNotice } from '../meta-app/api-version.ts';

export const OPERATOR_ALERT_JOB = 'operator-alert';

const appAlert = z.object({
  type: z.enum(['app.unhealthy', 'app.recovered']),
  appId: z.string(),
  reason: z.string().nullable(),
  code: z.number().nullable(),
  message: z.string().nullable(),
  fbtraceId: z.string().nullable(),
  since: z.string(),
});
const versionAlert = z.object({
  type: z.literal('app.api_version'),
  appId: z.string(),
  kind: z.enum(['ending', 'served_as', 'ads_refused']),
  key: z.string(),
  thresholdDays: z.number().nullable(),
  newest: z.string().nullable(),
  configured: z.string(),
  servedAs: z.string().nullable(),
  endsAt: z.string().nullable(),
  daysLeft: z.number().nullable(),
  endingApi: z.enum(['graph', 'marketing']).nullable(),
  adsRefusedMessage: z.string().nullable(),
});
const payload = z.union([appAlert, versionAlert]);
type OperatorAlert = z.infer<typeof appAlert>;
type VersionAlert = z.infer<typeof versionAlert>;

const API_NAMES = { graph: 'Graph API', marketing: 'Marketing (Ads) API' } as const;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** What an API version notice says to operators: the version, its end, what to do. */
export function versionAlertText(alert: VersionAlert, publicUrl: string): { subject: string; text: string } {
  const ends = alert.endsAt ? `Meta stops serving ${alert.configured}${alert.endingApi ? ` for the ${API_NAMES[alert.endingApi]}` : ''} on ${alert.endsAt.slice(0, 10)} (${alert.daysLeft === null ? '?' : days(alert.daysLeft)} left).` : '';
  const fix = 'Set META_GRAPH_VERSION to a version Meta serves (test it against the emulator first) and restart every process. The table of versions is src/meta-facts/api-versions.ts.';
  if (alert.kind === 'ending') {
    return {
      subject: `Wevion: Meta API ${alert.configured} ends in ${days(alert.daysLeft ?? alert.thresholdDays ?? 0)}`,
      text: `${ends}
After that day Meta serves Graph calls as another version, and refuses Ads API calls on this one (code 2635): campaign actions, insights sync and permission sync would fail.

${fix}

${publicUrl}`,
    };
  }
  if (alert.kind === 'served_as') {
    return {
      subject: `Wevion: Meta answers as ${alert.servedAs ?? '?'}, not the configured ${alert.configured}`,
      text: `Meta answered a Graph call as ${alert.servedAs ?? '?'} (its facebook-api-version header), not the configured ${alert.configured}: the configured version has ended and Meta serves the oldest it still has. ${ends}

${fix}

${publicUrl}`,
    };
  }
  return {
    subject: `Wevion: Meta refuses Ads API calls on ${alert.configured}${alert.newest ? ` (latest: ${alert.newest})` : ''}`,
    text: `Meta refuses Ads API calls made on ${alert.configured} (code 2635${alert.adsRefusedMessage ? `: ${alert.adsRefusedMessage}` : ''}). Campaign actions, insights and permission sync calls on ad accounts fail until the version is changed; no token is at fault and no marketer is told to reconnect.

${fix}

${publicUrl}`,
  };
}

const REASONS: Record<string, string> = {
  app_invalid: 'Meta says the app is invalid or deleted (code 101)',
  app_token_refused: 'Meta refuses the app token: the app secret was probably changed in the Meta dashboard',
  app_refused: 'Meta refuses the app',
};

export function operatorAlertText(alert: OperatorAlert, publicUrl: string): { subject: string; text: string } {
  if (alert.type === 'app.recovered') {
    return {
      subject: `Wevion: Meta accepts app ${alert.appId} again`,
      text: `Meta accepts the app ${alert.appId} again (since ${alert.since}). The token checks held meanwhile are running now; profiles whose tokens really stopped working are marked and their owners told.\n\n${publicUrl}`,
    };
  }
  const why = REASONS[alert.reason ?? ''] ?? 'Meta refuses the app';
  const meta = [alert.code !== null ? `code ${alert.code}` : '', alert.message ?? '', alert.fbtraceId ? `fbtrace_id ${alert.fbtraceId}` : ''].filter(Boolean).join(' — ');
  return {
    subject: `Wevion: Meta refuses app ${alert.appId} — token checks are held`,
    text:
      `${why} (since ${alert.since}).\n${meta ? `Meta answered: ${meta}\n` : ''}\n` +
      'No profile changes status and no marketer is told to reconnect while this lasts: reconnecting cannot fix it. ' +
      'Fix the app in the Meta dashboard (or put the current app secret in META_APP_SECRET and restart); the held checks run once Meta accepts the app again.\n\n' +
      `Run \`wevion doctor\` for the details. ${publicUrl}`,
  };
}

export function createOperatorAlerts(deps: {
  smtpUrl: string | undefined;
  mailFrom: string;
  operatorEmails: readonly string[];
  publicUrl: string;
  logger: Logger;
  queue: () => Pick<JobQueue, 'send'>;
}) {
  const transport = deps.smtpUrl && deps.operatorEmails.length > 0 ? smtpTransport(deps.smtpUrl) : undefined;

  const job = defineJob({
    name: OPERATOR_ALERT_JOB,
    description: 'Emails operators when Meta refuses the app, when it accepts it again, and about the Meta API version (its end near, served as another, Ads calls refused)',
    payload,
    recordRuns: false,
    retryLimit: 10,
    retryDelaySeconds: 60,
    // One email.
    expireInSeconds: 5 * 60,
    handler: async (alert) => {
      if (!transport) return { sent: false };
      const { subject, text } = alert.type === 'app.api_version' ? versionAlertText(alert, deps.publicUrl) : operatorAlertText(alert, deps.publicUrl);
      const messageId = alert.type === 'app.api_version' ? `<api-version.${alert.configured}.${alert.key}@operators.wevion>` : `<${alert.type}.${Date.parse(alert.since)}@operators.wevion>`;
      await transport.sendMail({ from: deps.mailFrom, to: [...deps.operatorEmails], subject, text, messageId });
      return { sent: true, to: deps.operatorEmails.length };
    },
  }) as JobDefinition<never, unknown>;

  return {
    jobs: [job],
    async onAppEvent(event: AppHealthEvent): Promise<void> {
      if (!transport) {
        deps.logger.warn({ event: event.type }, 'no operator email sent (set SMTP_URL and OPERATOR_EMAILS)');
        return;
      }
      const s = event.state;
      const alert: OperatorAlert = { type: event.type, appId: s.appId, reason: s.reason, code: s.code, message: s.message, fbtraceId: s.fbtraceId, since: s.changedAt.toISOString() };
      await deps.queue().send(OPERATOR_ALERT_JOB, alert, { singletonKey: `${event.type}:${alert.since}`, retryLimit: 10, retryDelay: 60, retryBackoff: true });
    },
    /** An API version notice (told once for the deployment by meta-app/api-version.ts). */
    async onApiVersionNotice(appId: string, notice: ApiVersionNotice): Promise<void> {
      if (!transport) {
        deps.logger.warn({ notice: notice.kind }, 'no operator email sent about the Meta API version (set SMTP_URL and OPERATOR_EMAILS)');
        return;
      }
      const v = notice.status;
      const key = notice.kind === 'ending' ? `ends_in_${notice.thresholdDays}` : notice.kind === 'served_as' ? `served_as:${v.servedAs ?? ''}` : 'ads_refused';
      const alert: VersionAlert = {
        type: 'app.api_version',
        appId,
        kind: notice.kind,
        key,
        thresholdDays: notice.kind === 'ending' ? notice.thresholdDays : null,
        newest: notice.kind === 'ads_refused' ? notice.newest : null,
        configured: v.configured,
        servedAs: v.servedAs,
        endsAt: v.endsAt,
        daysLeft: v.daysLeft,
        endingApi: v.endingApi,
        adsRefusedMessage: v.adsRefused?.message ?? null,
      };
      await deps.queue().send(OPERATOR_ALERT_JOB, alert, { singletonKey: `api-version:${v.configured}:${key}`, retryLimit: 10, retryDelay: 60, retryBackoff: true });
    },
    close: () => transport?.close(),
  };
}
