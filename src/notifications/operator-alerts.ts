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

export const OPERATOR_ALERT_JOB = 'operator-alert';

const payload = z.object({
  type: z.enum(['app.unhealthy', 'app.recovered']),
  appId: z.string(),
  reason: z.string().nullable(),
  code: z.number().nullable(),
  message: z.string().nullable(),
  fbtraceId: z.string().nullable(),
  since: z.string(),
});
type OperatorAlert = z.infer<typeof payload>;

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
    description: 'Emails operators when Meta refuses the app, and when it accepts it again',
    payload,
    recordRuns: false,
    retryLimit: 10,
    retryDelaySeconds: 60,
    // One email.
    expireInSeconds: 5 * 60,
    handler: async (alert) => {
      if (!transport) return { sent: false };
      const { subject, text } = operatorAlertText(alert, deps.publicUrl);
      await transport.sendMail({ from: deps.mailFrom, to: [...deps.operatorEmails], subject, text, messageId: `<${alert.type}.${Date.parse(alert.since)}@operators.wevion>` });
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
    close: () => transport?.close(),
  };
}
