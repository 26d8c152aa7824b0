/**
 * What a failed Graph call means, decided by codes only (Meta rewrites its message texts).
 * Pure: the same status/body/headers always give the same decision, so it is table-tested
 * and reused verbatim by `wevion classify`. The retry loop (retry.ts) only executes it.
 *
 * Precedence (first match wins):
 *  1. token_expired     code 190, any subcode                      verifyToken, no retry
 *  2. auth_error        code 102                                   verifyToken, no retry
 *  2b. api_version_refused code 2635 ("You are calling a deprecated version of the Ads API"):
 *                       a platform problem (the configured API version), never retried, never
 *                       a token problem; operators are told (meta-app/api-version.ts)
 *  3. rate_limited      codes 4, 17, 32, 341, 613, 80000–80014     waits 5 s, 15 s, 45 s
 *  4. blocked           code 368, or 1487851 as code or subcode    never retried
 *  5. transient         is_transient, timeout, reset/refused, codes 1 and 2   standard backoff
 *  6. server_error      HTTP ≥ 500 or 429 with none of the above   standard backoff
 *  7. permission_denied codes 3, 10, 200–299                       no retry, no token change
 *  8. invalid_request   anything else                              no retry
 *
 * The lifecycle layer, not this module, decides what a token problem does to a token:
 * `verifyToken: true` only asks it to check.
 */
import { readGraphError } from './error-body.ts';
import { lowerCaseHeaders, regainEstimateMs } from './usage-headers.ts';
import { subcodeReason } from './token-causes.ts';

/** Every category, in precedence order: the one list the API's schemas name too. */
export const CATEGORIES = ['token_expired', 'auth_error', 'api_version_refused', 'rate_limited', 'blocked', 'transient', 'server_error', 'permission_denied', 'invalid_request'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Classification {
  category: Category;
  retry: boolean;
  verifyToken: boolean;
  reason: string;
  code?: number;
  subcode?: number;
  /**
   * The wait (ms) before each retry this decision allows; [] when not retried.
   * - rate_limited: exactly [5000, 15000, 45000], each raised to Meta's
   *   estimated_time_to_regain_access (minutes → ms) when the usage header gives one:
   *   wait_i = max(table_i, estimate). No jitter: the article names these waits.
   * - transient / server_error (standard backoff): the CEILINGS of exponential backoff with
   *   full jitter, ceiling_i = min(30000, 1000 · 2^i) for i = 0..3 → [1000, 2000, 4000, 8000].
   *   The loop waits round(random() · ceiling_i) (see retryDelayMs), so with random fixed
   *   at 1 the waits equal the ceilings; `wevion classify` prints the un-jittered ceilings.
   */
  delaysMs: number[];
}

export interface ClassifyInput {
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** Parsed JSON or raw text (HTML, truncated JSON, ''). */
  body?: unknown;
  /** Response headers; names in any case. */
  headers?: Record<string, string>;
  /** Set when no response arrived: ETIMEDOUT, ECONNRESET, ECONNREFUSED, undici's UND_ERR_*… */
  networkError?: string;
  /** The business/ad account whose budget the call spent: picks its regain estimate. */
  usageObjectId?: string;
}

/** The article's rate-limit waits. */
export const RATE_LIMIT_WAITS_MS: readonly number[] = [5_000, 15_000, 45_000];

/** Standard backoff: base 1 s, doubling, capped at 30 s, at most 4 retries. */
export const STANDARD_BACKOFF = { baseMs: 1_000, capMs: 30_000, maxRetries: 4 } as const;

export const STANDARD_BACKOFF_CEILINGS_MS: readonly number[] = Array.from(
  { length: STANDARD_BACKOFF.maxRetries },
  (_, i) => Math.min(STANDARD_BACKOFF.capMs, STANDARD_BACKOFF.baseMs * 2 ** i),
);

// 341 "application limit reached" is not in the article's list, but Meta documents it as
// throttling ("wait and retry"), so it gets the throttling waits rather than no retry.
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);
const isRateLimitCode = (c: number) => RATE_LIMIT_CODES.has(c) || (c >= 80_000 && c <= 80_014);
const BLOCKED_CODE = 1_487_851;
/** "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: vNN.0." */
export const API_VERSION_REFUSED_CODE = 2635;
// Code 3 is Meta's "capability or permissions issue"; 10 and 200–299 are missing permissions.
const isPermissionCode = (c: number) => c === 3 || c === 10 || (c >= 200 && c <= 299);

const TIMEOUTS = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
]);
// Connection-level failures that say nothing about the request itself. ENOTFOUND is left
// out on purpose: a wrong host name is configuration, and retrying it only delays the news.
const CONNECTION_FAILURES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

export function isTransientNetworkError(code: string | undefined): boolean {
  return code !== undefined && (TIMEOUTS.has(code) || CONNECTION_FAILURES.has(code));
}

function describeCode(code: number | undefined, subcode: number | undefined): string {
  if (code === undefined) return 'no Graph error code';
  return subcode === undefined ? `code ${code}` : `code ${code}/${subcode}`;
}

export function classifyGraphFailure(input: ClassifyInput): Classification {
  const status = Number.isFinite(input.status) ? input.status : 0;
  const err = input.networkError === undefined ? readGraphError(input.body) : undefined;
  const code = err?.code;
  const subcode = err?.subcode;
  const ids = { ...(code !== undefined && { code }), ...(subcode !== undefined && { subcode }) };
  const what = describeCode(code, subcode);
  const decide = (category: Category, reason: string, delaysMs: number[] = [], verifyToken = false): Classification => ({
    category,
    retry: delaysMs.length > 0,
    verifyToken,
    reason,
    ...ids,
    delaysMs,
  });

  if (code === 190) {
    const why = subcodeReason(subcode);
    return decide('token_expired', `${what}: access token invalid${why ? ` (${why})` : ''}`, [], true);
  }
  if (code === 102) return decide('auth_error', `${what}: API session invalid`, [], true);
  if (code === API_VERSION_REFUSED_CODE) return decide('api_version_refused', `${what}: Meta refuses the configured API version for Ads API calls`);
  if (code !== undefined && isRateLimitCode(code)) {
    const estimate = regainEstimateMs(lowerCaseHeaders(input.headers), input.usageObjectId);
    const waits = RATE_LIMIT_WAITS_MS.map((w) => Math.max(w, estimate));
    const note = estimate > 0 ? `, Meta estimates ${Math.round(estimate / 1000)} s to regain access` : '';
    return decide('rate_limited', `${what}: throttled${note}`, waits);
  }
  if (code === 368 || code === BLOCKED_CODE || subcode === BLOCKED_CODE) {
    return decide('blocked', `${what}: blocked by Meta, needs manual resolution`);
  }
  if (input.networkError !== undefined) {
    if (isTransientNetworkError(input.networkError)) {
      const kind = TIMEOUTS.has(input.networkError) ? 'timeout' : 'connection failure';
      return decide('transient', `${kind} (${input.networkError})`, [...STANDARD_BACKOFF_CEILINGS_MS]);
    }
    return decide('invalid_request', `network error ${input.networkError}, not retried`);
  }
  if (err?.isTransient === true) return decide('transient', `${what}: Meta says is_transient`, [...STANDARD_BACKOFF_CEILINGS_MS]);
  if (code === 1 || code === 2) return decide('transient', `${what}: temporary Meta error`, [...STANDARD_BACKOFF_CEILINGS_MS]);
  if (status >= 500 || status === 429) {
    return decide('server_error', `HTTP ${status} (${what})`, [...STANDARD_BACKOFF_CEILINGS_MS]);
  }
  if (code !== undefined && isPermissionCode(code)) return decide('permission_denied', `${what}: permission missing`);
  return decide('invalid_request', `HTTP ${status} (${what})`);
}

/**
 * The actual wait before retry number `attempt` (0-based), or undefined when the decision
 * allows no such retry. Standard backoff applies full jitter: round(random() · ceiling), with
 * random() clamped to [0, 1] so a fixed 1 reproduces the ceilings exactly. Rate-limit waits
 * are used as they are.
 */
export function retryDelayMs(c: Classification, attempt: number, random: () => number): number | undefined {
  const ceiling = c.delaysMs[attempt];
  if (ceiling === undefined) return undefined;
  if (c.category === 'transient' || c.category === 'server_error') {
    const r = random();
    const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 1;
    return Math.round(unit * ceiling);
  }
  return ceiling;
}
