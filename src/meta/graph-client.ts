/**
 * The one way this system talks to Meta's Graph API. Every call goes: usage throttle →
 * one HTTP attempt (keep-alive pool, connect + total timeouts) → usage headers recorded →
 * success, or a GraphError classified by code → retry loop waits what the classification says.
 *
 * It never changes token state: token problems surface as GraphError with
 * `classification.verifyToken`, and the token lifecycle decides.
 */
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { createProofSigner, isAppAccessToken } from './appsecret-proof.ts';
import { classifyGraphFailure, type Category, type Classification } from './classify.ts';
import { readGraphError, tryParseJson } from './error-body.ts';
import { GraphError, type GraphCredential } from './graph-error.ts';
import { createHelpers, type GraphHelpers } from './helpers.ts';
import { createGraphMetrics, noMetrics } from './metrics.ts';
import { followPages, type GraphPage } from './paging.ts';
import { withRetries } from './retry.ts';
import { lowerCaseHeaders } from './usage-headers.ts';
import { createTransport, NetworkFailure, type HttpResponse } from './transport.ts';
import { type ThrottleOptions, UsageTracker, type UsageSnapshot } from './usage.ts';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com, or the emulator's http://127.0.0.1:4100. May carry a base path. */
  graphUrl: string;
  /** e.g. `v26.0`; the default is DEFAULT_GRAPH_VERSION (meta-facts/api-versions.ts). */
  graphVersion: string;
  appId: string;
  appSecret: string;
  clock: Clock;
  /** Logs each attempt at debug level: method, path without query, status, category. */
  logger?: Logger;
  /** TCP/TLS connect timeout, real time. Default 5000. */
  connectTimeoutMs?: number;
  /** Whole-attempt timeout, real time. Default 30000. */
  requestTimeoutMs?: number;
  /** Upper bound on retries per call; the classification's schedule may allow fewer. */
  maxRetries?: number;
  /** Metrics are registered here; none when absent. */
  registry?: Registry;
  /** Jitter source for standard backoff, [0, 1]. Default Math.random. */
  random?: () => number;
  /** Usage throttling thresholds (see usage.ts for defaults). */
  throttle?: ThrottleOptions;
  /**
   * Why this process must not call Meta now (its own app credentials are refused: see
   * meta-app/app-health.ts), or undefined. A blocked call fails at once, unsent, as a transient
   * failure without retry; only calls made with `evenWhenBlocked` (the app check) go out.
   */
  blocked?: () => string | undefined;
  /**
   * Meta's answers about the API version, for operators (meta-app/api-version.ts): an answer
   * whose `facebook-api-version` header names another version than `graphVersion` (the
   * configured one has ended and Meta serves the oldest it still has), told once per version per
   * process; and Meta refusing an Ads API call on this version (code 2635), told each time.
   */
  onApiVersion?: (event: ApiVersionEvent) => void;
}

export type ApiVersionEvent = { kind: 'served_as'; version: string } | { kind: 'ads_refused'; message: string; newest: string | null };

export type HttpMethod = 'GET' | 'POST' | 'DELETE';
export type GraphParams = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  accessToken?: string;
  params?: GraphParams;
  /** Default true. false: one attempt, the first failure is thrown. */
  retry?: boolean;
  /** Business or ad account whose budget this call spends; `act_…` paths are detected. */
  usageObjectId?: string;
  signal?: AbortSignal;
  /** Sent even while the client is blocked (the check that finds out whether it still must be). */
  evenWhenBlocked?: boolean;
}

export interface PaginateOptions extends RequestOptions {
  /** Sent as `limit`; Meta may still return fewer per page. */
  pageSize?: number;
}

export interface GraphClient extends GraphHelpers {
  request<T>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<T>;
  get<T>(path: string, opts?: RequestOptions): Promise<T>;
  /** Params are sent form-encoded in the body. */
  post<T>(path: string, opts?: RequestOptions): Promise<T>;
  paginate<T>(path: string, opts?: PaginateOptions): AsyncIterable<T>;
  usageSnapshot(): UsageSnapshot;
  /**
   * Usage headers of a Graph answer another service received (reported back): they feed the
   * same throttle as our own calls. `objectId` is the ad account or business the call spent.
   */
  observeUsage(headers: Record<string, string>, objectId?: string): void;
  /** The usage figures, to share them with the other processes of a deployment (see meta-budget/). */
  usage: Pick<UsageTracker, 'onAnnounce' | 'apply'>;
  close(): Promise<void>;
}

// Values of these params are secrets: scrubbed from anything an error or log carries.
const SECRET_PARAMS = ['access_token', 'input_token', 'fb_exchange_token', 'client_secret', 'code', 'appsecret_proof'];
const VERSIONED = /^\/v\d+\.\d+(\/|$)/;
/** The `networkError` of a call this process did not send (see `blocked`). */
export const NOT_SENT = 'NOT_SENT';
const AD_ACCOUNT_IN_PATH = /\/(act_\d+)(?:\/|$)/;

function hasErrorObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const e = (v as { error?: unknown }).error;
  return typeof e === 'object' && e !== null;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = new URL(options.graphUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const transport = createTransport({
    origin: base.origin,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });
  const { clock, logger, appSecret } = options;
  const random = options.random ?? Math.random;
  const tracker = new UsageTracker(options.throttle);
  const metrics = options.registry ? createGraphMetrics(options.registry, tracker, options.appId) : noMetrics;
  const appToken = `${options.appId}|${appSecret}`;
  const sign = createProofSigner(appSecret);
  let servedAs = options.graphVersion;

  /** One string comparison per answer: the header is the version that served the call. */
  function noteVersion(headers: Record<string, string>): void {
    const version = headers['facebook-api-version'];
    if (version === undefined || version === servedAs) return;
    servedAs = version;
    if (version !== options.graphVersion) options.onApiVersion?.({ kind: 'served_as', version });
  }

  /** `path` relative to the version ("/me") or already versioned; query joins `params`. */
  function target(path: string): { pathname: string; query: URLSearchParams } {
    if (/^https?:\/\//i.test(path)) {
      // paging.next is absolute; only its path and query are used, so a token is never sent
      // to a host other than the configured one.
      const u = new URL(path);
      const rel = basePath && u.pathname.startsWith(`${basePath}/`) ? u.pathname.slice(basePath.length) : u.pathname;
      return { pathname: basePath + (VERSIONED.test(rel) ? rel : `/${options.graphVersion}${rel}`), query: u.searchParams };
    }
    const q = path.indexOf('?');
    const rel = (q === -1 ? path : path.slice(0, q)).replace(/^\/?/, '/');
    const query = new URLSearchParams(q === -1 ? '' : path.slice(q + 1));
    return { pathname: basePath + (VERSIONED.test(rel) ? rel : `/${options.graphVersion}${rel}`), query };
  }

  async function attempt<T>(method: HttpMethod, pathname: string, query: URLSearchParams, opts: RequestOptions, objectId: string | undefined, secrets: () => (string | undefined)[], retryIndex: number, credential: GraphCredential): Promise<T> {
    const probe = tracker.probe(objectId, clock.now());
    if (probe?.wait) await abortable(probe.wait, opts.signal);
    try {
      return await attemptKnown<T>(method, pathname, query, opts, objectId, secrets, retryIndex, credential);
    } finally {
      probe?.done?.();
    }
  }

  async function attemptKnown<T>(method: HttpMethod, pathname: string, query: URLSearchParams, opts: RequestOptions, objectId: string | undefined, secrets: () => (string | undefined)[], retryIndex: number, credential: GraphCredential): Promise<T> {
    const decision = tracker.reserve(objectId, clock.now());
    if (decision.waitMs > 0) {
      metrics.throttleWait(decision.scope ?? 'app', decision.waitMs);
      logger?.debug({ method, path: pathname, waitMs: decision.waitMs, scope: decision.scope, held: decision.held }, 'graph call throttled by usage');
      await clock.sleep(decision.waitMs, opts.signal);
    }
    const qs = query.toString();
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await transport.send(
        method === 'POST'
          ? { method, path: pathname, body: qs, signal: opts.signal }
          : { method, path: qs ? `${pathname}?${qs}` : pathname, signal: opts.signal },
      );
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
      const classification = classifyGraphFailure({ status: 0, networkError: err.networkCode, usageObjectId: objectId });
      done(method, pathname, 0, classification.category, started, retryIndex);
      throw new GraphError({ method, path: pathname, status: 0, classification, networkError: err.networkCode, cause: err, secrets: secrets(), credential });
    }
    tracker.record(res.headers, objectId, clock.now());
    noteVersion(res.headers);
    const ok = res.status >= 200 && res.status < 300;
    if (ok && res.status === 204) {
      done(method, pathname, res.status, 'ok', started, retryIndex);
      return undefined as T;
    }
    const json = tryParseJson(res.text);
    // A 2xx must still be a JSON document without an `error`: an HTML page or a cut-off body
    // behind a 200 is a failure too, classified like any other.
    if (ok && json !== undefined && !hasErrorObject(json.value)) {
      done(method, pathname, res.status, 'ok', started, retryIndex);
      return json.value as T;
    }
    const body = json === undefined ? res.text : json.value;
    const classification = classifyGraphFailure({ status: res.status, body, headers: res.headers, usageObjectId: objectId });
    done(method, pathname, res.status, classification.category, started, retryIndex);
    const error = new GraphError({ method, path: pathname, status: res.status, fields: readGraphError(body), headers: res.headers, classification, secrets: secrets(), credential });
    if (classification.category === 'api_version_refused') {
      const message = error.graphMessage ?? '';
      options.onApiVersion?.({ kind: 'ads_refused', message, newest: /\b(v\d+\.\d+)\b/.exec(message.replace(/^\(#\d+\)/, ''))?.[1] ?? null });
    }
    throw error;
  }

  function done(method: string, path: string, status: number, category: Category | 'ok', started: number, retryIndex: number): void {
    const ms = performance.now() - started;
    metrics.call(method, category, ms / 1000);
    logger?.debug({ method, path, status, category, attempt: retryIndex + 1, ms: Math.round(ms) }, 'graph call');
  }

  async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const { pathname, query } = target(path);
    for (const [k, v] of Object.entries(opts.params ?? {})) if (v !== undefined) query.set(k, String(v));
    const token = opts.accessToken;
    if (token !== undefined) {
      query.set('access_token', token);
      // The app token authenticates the app itself, and /oauth/access_token has no user token
      // to prove: neither takes a proof.
      if (!isAppAccessToken(token, options.appId) && !pathname.endsWith('/oauth/access_token')) {
        query.set('appsecret_proof', sign(token));
      } else {
        query.delete('appsecret_proof');
      }
    }
    const objectId = opts.usageObjectId ?? AD_ACCOUNT_IN_PATH.exec(pathname)?.[1];
    const credential: GraphCredential = query.has('client_secret')
      ? 'client_secret'
      : token === undefined
        ? 'none'
        : isAppAccessToken(token, options.appId)
          ? 'app_token'
          : 'user_token';
    // Built only when an error needs scrubbing: success is the hot path.
    const secrets = () => [token, appSecret, appToken, ...SECRET_PARAMS.map((p) => query.get(p) ?? undefined)];
    const blockedBecause = opts.evenWhenBlocked ? undefined : options.blocked?.();
    if (blockedBecause !== undefined) {
      const classification: Classification = { category: 'transient', retry: false, verifyToken: false, reason: `not sent: ${blockedBecause}`, delaysMs: [] };
      throw new GraphError({ method, path: pathname, status: 0, classification, networkError: NOT_SENT, secrets: secrets(), credential });
    }
    return withRetries((i) => attempt<T>(method, pathname, query, opts, objectId, secrets, i, credential), {
      clock,
      random,
      enabled: opts.retry !== false,
      maxRetries: options.maxRetries,
      signal: opts.signal,
      onRetry: ({ classification, waitMs, retry }) => {
        metrics.retryWait(classification.category, waitMs);
        logger?.debug({ method, path: pathname, category: classification.category, retry: retry + 1, waitMs }, 'graph call retry');
      },
    });
  }

  const get = <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts);
  const post = <T>(path: string, opts?: RequestOptions) => request<T>('POST', path, opts);

  function paginate<T>(path: string, opts: PaginateOptions = {}): AsyncIterable<T> {
    const { pageSize, params, ...rest } = opts;
    const first = () => get<GraphPage<T>>(path, { ...rest, params: { ...params, ...(pageSize !== undefined && { limit: pageSize }) } });
    // `next` already holds every param (and Meta's copy of the token, which request() overrides).
    const next = (url: string) => get<GraphPage<T>>(url, rest);
    return { [Symbol.asyncIterator]: () => followPages(first, next) };
  }

  const client: Omit<GraphClient, keyof GraphHelpers> = {
    request,
    get,
    post,
    paginate,
    usageSnapshot: () => tracker.snapshot(),
    observeUsage: (headers, objectId) => tracker.record(lowerCaseHeaders(headers) ?? {}, objectId, clock.now()),
    usage: { onAnnounce: (listener) => tracker.onAnnounce(listener), apply: (figure) => tracker.apply(figure) },
    close: () => {
      sign.clear();
      return transport.close();
    },
  };
  return { ...client, ...createHelpers(client, { appId: options.appId, appSecret }) };
}

/** `promise`, or the signal's reason as soon as the caller gives up waiting. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}
