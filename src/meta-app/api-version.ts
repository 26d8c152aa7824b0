/**
 * Meta's API versions, watched: every Graph call of this deployment names one version
 * (`META_GRAPH_VERSION`), and Meta stops serving each at a published date (the Marketing API's,
 * for Ads calls, much sooner than the Graph API's; src/meta-facts/api-versions.ts). Operators are
 * told ahead (90, 30 and 7 days before), and when Meta shows it has already acted: an answer
 * served as another version (the `facebook-api-version` header), or an Ads call refused with code
 * 2635. Each is told once for the whole deployment (the first process to record it tells:
 * `meta_api_version_notices`), by email, webhook and the admins' banner. Never a marketer's
 * "reconnect": no token is at fault.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { ApiVersionEvent } from '../meta/graph-client.ts';
import { endOf } from '../meta-facts/api-versions.ts';
import { claimNotice, getApiVersionRow, recordAdsRefused, recordServedAs } from './api-version.queries.ts';

/** Days before the end when operators are told. */
export const VERSION_THRESHOLDS_DAYS = [90, 30, 7] as const;
const DAY_MS = 86_400_000;

export interface ApiVersionStatus {
  configured: string;
  /** The version Meta answered with, when it is not the configured one; null otherwise. */
  servedAs: string | null;
  /** The end of the configured version: the earlier of the Graph API's and the Marketing API's dates. */
  endsAt: string | null;
  /** Whole days left before `endsAt` (0 or less once ended); null while Meta has not announced it. */
  daysLeft: number | null;
  /** Which API's date `endsAt` is. */
  endingApi: 'graph' | 'marketing' | null;
  /** Meta refusing an Ads API call on this version (code 2635): when, and Meta's words. */
  adsRefused: { at: string; message: string } | null;
}

export type ApiVersionNotice = { type: 'app.api_version' } & (
  | { kind: 'ending'; thresholdDays: number; status: ApiVersionStatus }
  | { kind: 'served_as'; status: ApiVersionStatus }
  | { kind: 'ads_refused'; newest: string | null; status: ApiVersionStatus }
);

export interface ApiVersionWatch {
  /** What the Graph client tells (see `onApiVersion`): recorded, and told once. Never throws. */
  observe(event: ApiVersionEvent): void;
  /** The 90/30/7-day notices due now (the minute job calls it): told once each. */
  thresholds(): Promise<number[]>;
  status(): Promise<ApiVersionStatus>;
  /** Waits for what `observe` started (tests, shutdown). */
  settled(): Promise<void>;
}

/** The configured version's end, from the facts alone (no database). */
export function versionEnd(configured: string, nowMs: number): Pick<ApiVersionStatus, 'endsAt' | 'daysLeft' | 'endingApi'> {
  const end = endOf(configured);
  if (!end) return { endsAt: null, daysLeft: null, endingApi: null };
  return { endsAt: end.endsAt.toISOString(), daysLeft: Math.ceil((end.endsAt.getTime() - nowMs) / DAY_MS), endingApi: end.api };
}

export function createApiVersionWatch(deps: { db: Db; clock: Clock; logger: Logger; appId: string; configured: string; onNotice(notice: ApiVersionNotice): Promise<void> }): ApiVersionWatch {
  const { db, appId, configured } = deps;
  const pending = new Set<Promise<void>>();
  /** Notices this process knows are told already: a hot loop asks the database once. */
  const told = new Set<string>();

  async function status(): Promise<ApiVersionStatus> {
    const row = await getApiVersionRow(db, appId, configured);
    return {
      configured,
      servedAs: row?.servedAs && row.servedAs !== configured ? row.servedAs : null,
      ...versionEnd(configured, deps.clock.now()),
      adsRefused: row?.adsRefusedAt ? { at: row.adsRefusedAt.toISOString(), message: row.adsRefusedMessage ?? '' } : null,
    };
  }

  /** Tells `notice` if this process is the first of the deployment to claim `key`. */
  async function tellOnce(key: string, notice: (current: ApiVersionStatus) => ApiVersionNotice): Promise<boolean> {
    if (told.has(key)) return false;
    const first = await claimNotice(db, appId, configured, key, new Date(deps.clock.now()));
    told.add(key);
    if (!first) return false;
    await deps.onNotice(notice(await status()));
    return true;
  }

  async function handle(event: ApiVersionEvent): Promise<void> {
    const at = new Date(deps.clock.now());
    if (event.kind === 'served_as') {
      deps.logger.error({ configured, servedAs: event.version }, `Meta answered a Graph call as ${event.version}, not the configured ${configured}: the configured version has ended; set META_GRAPH_VERSION to a version Meta serves`);
      await recordServedAs(db, appId, configured, event.version, at);
      await tellOnce(`served_as:${event.version}`, (current) => ({ type: 'app.api_version', kind: 'served_as', status: current }));
      return;
    }
    deps.logger.error({ configured, newest: event.newest, message: event.message }, 'Meta refuses Ads API calls on the configured version (code 2635): set META_GRAPH_VERSION to a version Meta serves');
    if (!told.has('ads_refused')) await recordAdsRefused(db, appId, configured, event.message, at);
    await tellOnce('ads_refused', (current) => ({ type: 'app.api_version', kind: 'ads_refused', newest: event.newest, status: current }));
  }

  return {
    observe(event) {
      const running = handle(event)
        .catch((error: unknown) => deps.logger.error({ err: error }, 'recording what Meta said of the API version failed'))
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    async thresholds() {
      const { daysLeft } = versionEnd(configured, deps.clock.now());
      if (daysLeft === null) return [];
      const due = VERSION_THRESHOLDS_DAYS.filter((days) => daysLeft <= days);
      // Only the nearest threshold is told: a deployment first started 5 days before the end
      // hears "7 days", not three notices at once.
      const nearest = due.at(-1);
      if (nearest === undefined) return [];
      const toldNow = await tellOnce(`ends_in_${nearest}`, (current) => ({ type: 'app.api_version', kind: 'ending', thresholdDays: nearest, status: current }));
      return toldNow ? [nearest] : [];
    },
    status,
    async settled() {
      await Promise.all([...pending]);
    },
  };
}
