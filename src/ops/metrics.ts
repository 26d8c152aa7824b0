/**
 * Operator metrics for tokens and webhooks, in the registry the composition root passes.
 *
 * Gauges are computed at scrape time from the database, so every process (web or worker)
 * reports the same installation-wide figures: aggregate them with max(), not sum().
 * Counters count what this process did: sum them across processes.
 *
 * - wevion_tokens{status,type}: profiles by token status and type.
 * - wevion_tokens_needs_reconnect: Active tokens Meta would not extend (reconnect before expiry).
 * - wevion_tokens_refresh_failing: Active tokens whose last refresh attempt failed.
 * - wevion_token_refresh_outcomes_total{outcome}: refreshed | not_extended | failed | skipped.
 * - wevion_token_verifications_total{outcome}: valid | expired | inactive | inconclusive | held | superseded | not_active | error.
 * - wevion_meta_app_healthy: 1 while Meta accepts the app, 0 while it refuses it (token changes held).
 * - wevion_token_verifications_held: verifications waiting for the app to be healthy again.
 * - wevion_meta_app_credentials_refused: 1 while Meta refuses THIS process's app credentials
 *   (not the deployment's: the process is not ready and works nothing); per process.
 * - wevion_meta_app_credentials_refusals_total: times this process found its credentials refused.
 * - wevion_meta_api_version_days_left{version}: days before Meta stops serving the configured
 *   version (the earlier of the Graph and Marketing APIs' dates); absent while Meta says TBD.
 * - wevion_meta_api_version_served_as_other{version}: 1 once Meta answered as another version.
 * - wevion_meta_api_version_ads_refused{version}: 1 once Meta refused an Ads call on it (2635).
 * - wevion_webhook_deliveries{status}: pending | delivered | failed rows in the database.
 * - wevion_webhook_attempts_total{event,outcome}: delivered | retrying | failed, one per HTTP attempt.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import type { RefreshSummary } from '../tokens/refresh.ts';

export interface OperatorMetrics {
  refreshSummary(summary: RefreshSummary): void;
  verification(outcome: string): void;
  webhookAttempt(event: string, outcome: 'delivered' | 'retrying' | 'failed'): void;
  /** This process's own Meta app credentials were found refused (true) or accepted again. */
  ownCredentials(refused: boolean): void;
}

export const noOperatorMetrics: OperatorMetrics = { refreshSummary() {}, verification() {}, webhookAttempt() {}, ownCredentials() {} };

const STATUSES = ['active', 'inactive', 'expired'] as const;
const TYPES = ['user', 'system_user'] as const;
const REFRESH_OUTCOMES = { refreshed: 'refreshed', notExtended: 'not_extended', failed: 'failed', skipped: 'skipped' } as const;
const VERIFY_OUTCOMES = ['valid', 'expired', 'inactive', 'inconclusive', 'held', 'superseded', 'not_active', 'error'] as const;
const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

type AnyMetric = Counter<string> | Gauge<string>;
function getOrCreate<T extends AnyMetric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * What the gauges read at scrape time, handed in by the composition root: ops/ measures the
 * other areas without importing them (each reading is that area's own query).
 */
export interface OperatorReadings {
  tokensByStatus(): Promise<Array<{ status: string; tokenType: string; n: number }>>;
  activeTokenFlags(): Promise<{ needsReconnect: number; refreshFailing: number }>;
  webhookDeliveriesByStatus(): Promise<Array<{ status: string; n: number }>>;
  /** False only while Meta is known to refuse the app. */
  metaAppHealthy(): Promise<boolean>;
  verificationsHeld(): Promise<number>;
  /** Meta refuses this process's own app credentials (per process, no database). */
  ownCredentialsRefused(): boolean;
  apiVersion(): Promise<{ configured: string; daysLeft: number | null; servedAs: string | null; adsRefused: unknown }>;
}

export function registerOperatorMetrics(input: { registry: Registry; logger: Logger; read: OperatorReadings }): OperatorMetrics {
  const { registry, logger, read } = input;
  const registers = [registry];
  // A scrape must answer even when the database does not: the gauge is left empty and the
  // failure logged (and database health is on /readyz).
  const fromDb = async (what: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      logger.warn({ err: error, metric: what }, 'metric not collected: database query failed');
    }
  };

  // One number read at scrape time (no labels).
  const valueGauge = (name: string, help: string, value: () => Promise<number>) =>
    getOrCreate(registry, name, () =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.reset();
          await fromDb(name, async () => this.set(await value()));
        },
      }),
    );

  getOrCreate(registry, 'wevion_tokens', () =>
    new Gauge({
      name: 'wevion_tokens',
      help: 'Meta profiles by token status and type (read from the database at scrape time)',
      labelNames: ['status', 'type'],
      registers,
      async collect() {
        this.reset();
        await fromDb('wevion_tokens', async () => {
          const counts = await read.tokensByStatus();
          for (const status of STATUSES) for (const type of TYPES) this.set({ status, type }, 0);
          for (const row of counts) this.set({ status: row.status, type: row.tokenType }, row.n);
        });
      },
    }),
  );
  valueGauge('wevion_tokens_needs_reconnect', 'Active tokens Meta did not extend: their owners must reconnect before they expire', async () => (await read.activeTokenFlags()).needsReconnect);
  valueGauge('wevion_tokens_refresh_failing', 'Active tokens whose last refresh attempt failed (cleared by a successful refresh or reconnect)', async () => (await read.activeTokenFlags()).refreshFailing);
  getOrCreate(registry, 'wevion_webhook_deliveries', () =>
    new Gauge({
      name: 'wevion_webhook_deliveries',
      help: 'Webhook deliveries kept in the database by status (finished ones are kept 30 days)',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        await fromDb('wevion_webhook_deliveries', async () => {
          const counts = await read.webhookDeliveriesByStatus();
          for (const status of DELIVERY_STATUSES) this.set({ status }, 0);
          for (const row of counts) this.set({ status: row.status }, row.n);
        });
      },
    }),
  );

  valueGauge('wevion_meta_app_healthy', 'Whether Meta accepts the app itself: 1 yes, 0 no (token status changes are held, operators alerted)', async () => ((await read.metaAppHealthy()) ? 1 : 0));
  valueGauge('wevion_meta_app_credentials_refused', "Whether Meta refuses this process's own app credentials (META_APP_ID/META_APP_SECRET) while they are not the deployment's: 1 = this process is not ready", async () => (read.ownCredentialsRefused() ? 1 : 0));
  const credentialRefusals = getOrCreate(registry, 'wevion_meta_app_credentials_refusals_total', () =>
    new Counter({ name: 'wevion_meta_app_credentials_refusals_total', help: "Times this process found Meta refusing its own app credentials", registers }),
  );
  credentialRefusals.inc(0);
  const versionGauge = (name: string, help: string, value: (v: Awaited<ReturnType<OperatorReadings['apiVersion']>>) => number | null) =>
    getOrCreate(registry, name, () =>
      new Gauge({
        name,
        help,
        labelNames: ['version'],
        registers,
        async collect() {
          this.reset();
          await fromDb(name, async () => {
            const v = await read.apiVersion();
            const n = value(v);
            if (n !== null) this.set({ version: v.configured }, n);
          });
        },
      }),
    );
  versionGauge('wevion_meta_api_version_days_left', 'Days before Meta stops serving the configured API version (the earlier of the Graph and Marketing APIs); absent while Meta has not announced it', (v) => v.daysLeft);
  versionGauge('wevion_meta_api_version_served_as_other', 'Whether Meta answered as another API version than the configured one (it has ended)', (v) => (v.servedAs ? 1 : 0));
  versionGauge('wevion_meta_api_version_ads_refused', 'Whether Meta refused an Ads API call on the configured version (code 2635)', (v) => (v.adsRefused ? 1 : 0));
  valueGauge('wevion_token_verifications_held', 'Token verifications held until Meta accepts the app again', () => read.verificationsHeld());

  const refresh = getOrCreate(registry, 'wevion_token_refresh_outcomes_total', () =>
    new Counter({ name: 'wevion_token_refresh_outcomes_total', help: 'Tokens handled by the refresh sweep, by outcome', labelNames: ['outcome'], registers }),
  );
  const verifications = getOrCreate(registry, 'wevion_token_verifications_total', () =>
    new Counter({ name: 'wevion_token_verifications_total', help: 'Token checks (GET /me) by result', labelNames: ['outcome'], registers }),
  );
  const attempts = getOrCreate(registry, 'wevion_webhook_attempts_total', () =>
    new Counter({ name: 'wevion_webhook_attempts_total', help: 'Webhook HTTP attempts by event and outcome', labelNames: ['event', 'outcome'], registers }),
  );
  // Every series exists from the start, so rate() and increase() see the first event.
  for (const outcome of Object.values(REFRESH_OUTCOMES)) refresh.inc({ outcome }, 0);
  for (const outcome of VERIFY_OUTCOMES) verifications.inc({ outcome }, 0);

  return {
    refreshSummary(summary) {
      for (const [key, outcome] of Object.entries(REFRESH_OUTCOMES)) {
        const n = summary[key as keyof typeof REFRESH_OUTCOMES];
        if (n > 0) refresh.inc({ outcome }, n);
      }
    },
    verification(outcome) {
      verifications.inc({ outcome });
    },
    webhookAttempt(event, outcome) {
      attempts.inc({ event, outcome });
    },
    ownCredentials(refused) {
      if (refused) credentialRefusals.inc();
    },
  };
}
