/**
 * Parsing of Meta's usage headers. All figures are percentages (0–100, Meta may report a bit
 * more once throttled) except the explicit time fields. Malformed JSON or odd types yield
 * "no figure", never an exception: a broken header must not fail a call that succeeded.
 *
 * - X-App-Usage: {"call_count","total_cputime","total_time"}: the app's hourly budget.
 * - X-Business-Use-Case-Usage: {"<object id>":[{"type","call_count","total_cputime",
 *   "total_time","estimated_time_to_regain_access"}]}; the estimate is in MINUTES.
 * - X-Ad-Account-Usage: {"acc_id_util_pct","reset_time_duration"}; reset in SECONDS; the
 *   header names no account, so the caller attributes it to the account it called.
 */

export interface AppUsage {
  callCount: number;
  totalCputime: number;
  totalTime: number;
}

export interface BusinessUseCaseUsage extends AppUsage {
  /** Meta's business use case, e.g. ads_management, ads_insights. */
  type: string;
  estimatedTimeToRegainAccessMinutes: number;
}

export interface AdAccountUsage {
  accIdUtilPct: number;
  resetTimeDurationSeconds: number;
}

export interface ParsedUsage {
  app?: AppUsage;
  /** Keyed by normalised object id (see normalizeObjectId). */
  business?: Record<string, BusinessUseCaseUsage[]>;
  adAccount?: AdAccountUsage;
}

/** Ad accounts appear as `act_123` in paths and as `123` in BUC headers; compare them as one. */
export function normalizeObjectId(id: string): string {
  return id.startsWith('act_') ? id.slice(4) : id;
}

/** Fast check on lower-cased headers (as the transport delivers them). */
export function hasUsageHeader(headers: Record<string, string>): boolean {
  return 'x-app-usage' in headers || 'x-business-use-case-usage' in headers || 'x-ad-account-usage' in headers;
}

/** Names must be lower-case (the transport delivers them so; see lowerCaseHeaders). */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** For hand-written input (`wevion classify`, callers of the pure classifier). */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.length === 0) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

function parseAppUsage(text: string | undefined): AppUsage | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  return { callCount: num(o['call_count']), totalCputime: num(o['total_cputime']), totalTime: num(o['total_time']) };
}

function parseBusinessUsage(text: string | undefined): Record<string, BusinessUseCaseUsage[]> | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  const out: Record<string, BusinessUseCaseUsage[]> = {};
  for (const [id, entries] of Object.entries(o)) {
    if (!Array.isArray(entries)) continue;
    const list: BusinessUseCaseUsage[] = [];
    for (const e of entries as unknown[]) {
      if (typeof e !== 'object' || e === null) continue;
      const r = e as Record<string, unknown>;
      list.push({
        type: typeof r['type'] === 'string' ? r['type'] : 'unknown',
        callCount: num(r['call_count']),
        totalCputime: num(r['total_cputime']),
        totalTime: num(r['total_time']),
        estimatedTimeToRegainAccessMinutes: num(r['estimated_time_to_regain_access']),
      });
    }
    if (list.length > 0) out[normalizeObjectId(id)] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseAdAccountUsage(text: string | undefined): AdAccountUsage | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  return { accIdUtilPct: num(o['acc_id_util_pct']), resetTimeDurationSeconds: num(o['reset_time_duration']) };
}

export function parseUsageHeaders(headers: Record<string, string> | undefined): ParsedUsage {
  const out: ParsedUsage = {};
  const app = parseAppUsage(headerValue(headers, 'x-app-usage'));
  if (app) out.app = app;
  const business = parseBusinessUsage(headerValue(headers, 'x-business-use-case-usage'));
  if (business) out.business = business;
  const adAccount = parseAdAccountUsage(headerValue(headers, 'x-ad-account-usage'));
  if (adAccount) out.adAccount = adAccount;
  return out;
}

/** The highest of the three budget figures: Meta throttles when any one reaches 100. */
export function peakPercent(u: AppUsage): number {
  return Math.max(u.callCount, u.totalCputime, u.totalTime);
}

/**
 * Meta's own estimate (ms) of when the named object regains access, from one response's
 * headers. With no object named, the largest estimate of any object in the header counts:
 * the caller spent some budget, and we cannot tell which, so we assume the worst.
 */
export function regainEstimateMs(headers: Record<string, string> | undefined, objectId?: string): number {
  const business = parseBusinessUsage(headerValue(headers, 'x-business-use-case-usage'));
  if (!business) return 0;
  const lists = objectId === undefined ? Object.values(business) : [business[normalizeObjectId(objectId)] ?? []];
  let minutes = 0;
  for (const list of lists) for (const e of list) minutes = Math.max(minutes, e.estimatedTimeToRegainAccessMinutes);
  // Meta's blocks last minutes to hours; an absurd figure (a garbled header) must not become an
  // infinite or year-long wait.
  return Math.round(Math.min(minutes, MAX_REGAIN_MINUTES) * 60_000);
}

const MAX_REGAIN_MINUTES = 24 * 60;
