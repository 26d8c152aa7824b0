/**
 * Rate limiting and usage headers over a rolling hour of the virtual clock. Calls are counted in
 * one-minute buckets per key (app, user, business object and use case), so a count is a sum of
 * at most 60 numbers and `estimated_time_to_regain_access` (minutes, as Meta reports it) is the
 * time until enough old buckets fall out of the hour.
 */
import { throttled, type GraphError, type ThrottleKind } from './errors.ts';
import type { Limits } from './state.ts';

const WINDOW_MINUTES = 60;

class RollingCounter {
  private readonly minutes = new Float64Array(WINDOW_MINUTES).fill(-Infinity);
  private readonly counts = new Uint32Array(WINDOW_MINUTES);

  add(minute: number): void {
    const slot = ((minute % WINDOW_MINUTES) + WINDOW_MINUTES) % WINDOW_MINUTES;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
  }

  /** Calls in the hour ending at `minute` (a clock moved backwards ignores "future" buckets). */
  count(minute: number): number {
    let sum = 0;
    for (let i = 0; i < WINDOW_MINUTES; i++) {
      const m = this.minutes[i] ?? -Infinity;
      if (m > minute - WINDOW_MINUTES && m <= minute) sum += this.counts[i] ?? 0;
    }
    return sum;
  }

  /** Whole minutes until the count drops below `limit`. */
  minutesToRegain(minute: number, limit: number): number {
    let total = this.count(minute);
    if (total < limit) return 0;
    for (let k = 1; k <= WINDOW_MINUTES; k++) {
      // At minute + k the bucket stamped minute + k - 60 leaves the window.
      const leaving = minute + k - WINDOW_MINUTES;
      const slot = ((leaving % WINDOW_MINUTES) + WINDOW_MINUTES) % WINDOW_MINUTES;
      if (this.minutes[slot] === leaving) total -= this.counts[slot] ?? 0;
      if (total < limit) return k;
    }
    return WINDOW_MINUTES;
  }
}

export type BucType = 'ads_insights' | 'ads_management' | 'pages' | 'business_management';

export interface UsageScope {
  appId?: string;
  /** The person or system user behind the token. */
  actor?: string;
  buc?: { objectId: string; type: BucType; adAccount: boolean };
}

export interface UsageOutcome {
  error?: GraphError;
  headers: Record<string, string>;
}

const BUC_THROTTLE: Record<BucType, ThrottleKind> = {
  ads_insights: 'ads_insights',
  ads_management: 'ads_management',
  pages: 'pages',
  business_management: 'custom',
};

function bucLimit(limits: Limits, type: BucType): number {
  if (type === 'pages') return limits.pageCallsPerHour;
  if (type === 'business_management') return limits.businessCallsPerHour;
  return limits.adAccountCallsPerHour;
}

const pct = (count: number, limit: number): number => (limit <= 0 ? 100 : Math.min(100, Math.floor((count * 100) / limit)));

const ZERO_APP_USAGE = JSON.stringify({ call_count: 0, total_cputime: 0, total_time: 0 });

export class Usage {
  private readonly counters = new Map<string, RollingCounter>();

  reset(): void {
    this.counters.clear();
  }

  private counter(key: string): RollingCounter {
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = new RollingCounter()));
    return c;
  }

  /**
   * Checks the limits for one call, counts it when it is let through, and returns the headers
   * Meta would send with the answer (with the throttling error, if any). Throttled calls are not
   * counted, so a client that backs off regains access when the hour rolls on.
   */
  evaluate(scope: UsageScope, nowMs: number, limits: Limits): UsageOutcome {
    const minute = Math.floor(nowMs / 60_000);
    const checks: Array<{ key: string; limit: number; kind: ThrottleKind }> = [];
    if (scope.appId !== undefined) checks.push({ key: `app ${scope.appId}`, limit: limits.appCallsPerHour, kind: 'app' });
    if (scope.actor !== undefined) checks.push({ key: `user ${scope.actor}`, limit: limits.userCallsPerHour, kind: 'user' });
    if (scope.buc) checks.push({ key: `buc ${scope.buc.objectId} ${scope.buc.type}`, limit: bucLimit(limits, scope.buc.type), kind: BUC_THROTTLE[scope.buc.type] });

    let error: GraphError | undefined;
    for (const c of checks) {
      if (this.counter(c.key).count(minute) >= c.limit) {
        error = throttled(c.kind);
        break;
      }
    }
    if (!error) for (const c of checks) this.counter(c.key).add(minute);

    const headers: Record<string, string> = {};
    if (scope.appId !== undefined) {
      const p = pct(this.counter(`app ${scope.appId}`).count(minute), limits.appCallsPerHour);
      // Meta reports CPU and wall time separately; the emulator has no meaningful figures for
      // them, so it reports the call share for all three (the largest is what clients act on).
      headers['x-app-usage'] = JSON.stringify({ call_count: p, total_cputime: p, total_time: p });
    } else {
      headers['x-app-usage'] = ZERO_APP_USAGE;
    }
    if (scope.buc) {
      const { objectId, type, adAccount } = scope.buc;
      const counter = this.counter(`buc ${objectId} ${type}`);
      const limit = bucLimit(limits, type);
      const p = pct(counter.count(minute), limit);
      const regain = counter.minutesToRegain(minute, limit);
      const entry: Record<string, unknown> = { type, call_count: p, total_cputime: p, total_time: p, estimated_time_to_regain_access: regain };
      if (adAccount) entry.ads_api_access_tier = 'standard_access';
      headers['x-business-use-case-usage'] = JSON.stringify({ [objectId]: [entry] });
      if (adAccount) {
        headers['x-ad-account-usage'] = JSON.stringify({ acc_id_util_pct: p, reset_time_duration: regain * 60, ads_api_access_tier: 'standard_access' });
      }
    }
    return error ? { error, headers } : { headers };
  }
}
