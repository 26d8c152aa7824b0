/**
 * Graph client metrics, registered in the registry the composition root passes (none when
 * absent, so tests and scripts do not share global state). Usage gauges are computed at
 * scrape time from the tracker: nothing is paid per call for them.
 *
 * - wevion_graph_calls_total{method,category}: one per HTTP attempt (retries count: each one
 *   spent Meta budget); category is `ok` or the failure category.
 * - wevion_graph_retry_wait_seconds_total{category}: time spent waiting before retries.
 * - wevion_graph_throttle_wait_seconds_total{scope}: time held/spaced by usage throttling.
 * - wevion_graph_call_duration_seconds{method}: one HTTP attempt, network time only.
 * - wevion_graph_usage_percent{scope,object,metric,use_case}: latest figures Meta reported.
 * - wevion_graph_regain_access_seconds{scope,object,use_case}: Meta's estimate, when given.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { UsageTracker } from './usage.ts';

export interface GraphMetrics {
  call(method: string, category: string, seconds: number): void;
  retryWait(category: string, ms: number): void;
  throttleWait(scope: string, ms: number): void;
}

export const noMetrics: GraphMetrics = { call() {}, retryWait() {}, throttleWait() {} };

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

// A second client on the same registry reuses the metrics instead of crashing on a duplicate
// name; its usage gauges then keep reading the first tracker (one client per process is the norm).
function getOrCreate<T extends AnyMetric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createGraphMetrics(registry: Registry, tracker: UsageTracker, appId: string): GraphMetrics {
  const registers = [registry];
  const calls = getOrCreate(registry, 'wevion_graph_calls_total', () =>
    new Counter({ name: 'wevion_graph_calls_total', help: 'Graph API HTTP attempts by outcome', labelNames: ['method', 'category'], registers }),
  );
  const retryWait = getOrCreate(registry, 'wevion_graph_retry_wait_seconds_total', () =>
    new Counter({ name: 'wevion_graph_retry_wait_seconds_total', help: 'Seconds waited before Graph retries', labelNames: ['category'], registers }),
  );
  const throttleWait = getOrCreate(registry, 'wevion_graph_throttle_wait_seconds_total', () =>
    new Counter({ name: 'wevion_graph_throttle_wait_seconds_total', help: 'Seconds Graph calls were held or spaced by usage throttling', labelNames: ['scope'], registers }),
  );
  const duration = getOrCreate(registry, 'wevion_graph_call_duration_seconds', () =>
    new Histogram({
      name: 'wevion_graph_call_duration_seconds',
      help: 'Duration of one Graph HTTP attempt',
      labelNames: ['method'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  );
  getOrCreate(registry, 'wevion_graph_usage_percent', () =>
    new Gauge({
      name: 'wevion_graph_usage_percent',
      help: 'Latest Graph API usage Meta reported, percent of the budget',
      labelNames: ['scope', 'object', 'metric', 'use_case'],
      registers,
      collect() {
        this.reset();
        const s = tracker.snapshot();
        if (s.app) {
          const o = { scope: 'app', object: appId, use_case: '' };
          this.set({ ...o, metric: 'call_count' }, s.app.callCount);
          this.set({ ...o, metric: 'total_cputime' }, s.app.totalCputime);
          this.set({ ...o, metric: 'total_time' }, s.app.totalTime);
        }
        for (const [object, entries] of Object.entries(s.businesses)) {
          for (const e of entries) {
            const o = { scope: 'business', object, use_case: e.type };
            this.set({ ...o, metric: 'call_count' }, e.callCount);
            this.set({ ...o, metric: 'total_cputime' }, e.totalCputime);
            this.set({ ...o, metric: 'total_time' }, e.totalTime);
          }
        }
        for (const [object, u] of Object.entries(s.adAccounts)) {
          this.set({ scope: 'ad_account', object, metric: 'acc_id_util_pct', use_case: '' }, u.accIdUtilPct);
        }
      },
    }),
  );
  getOrCreate(registry, 'wevion_graph_regain_access_seconds', () =>
    new Gauge({
      name: 'wevion_graph_regain_access_seconds',
      help: "Meta's estimate of time until access is regained (BUC estimate, ad account reset)",
      labelNames: ['scope', 'object', 'use_case'],
      registers,
      collect() {
        this.reset();
        const s = tracker.snapshot();
        for (const [object, entries] of Object.entries(s.businesses)) {
          for (const e of entries) {
            this.set({ scope: 'business', object, use_case: e.type }, e.estimatedTimeToRegainAccessMinutes * 60);
          }
        }
        for (const [object, u] of Object.entries(s.adAccounts)) {
          this.set({ scope: 'ad_account', object, use_case: '' }, u.resetTimeDurationSeconds);
        }
      },
    }),
  );
  return {
    call(method, category, seconds) {
      calls.inc({ method, category });
      duration.observe({ method }, seconds);
    },
    retryWait(category, ms) {
      if (ms > 0) retryWait.inc({ category }, ms / 1000);
    },
    throttleWait(scope, ms) {
      if (ms > 0) throttleWait.inc({ scope }, ms / 1000);
    },
  };
}
