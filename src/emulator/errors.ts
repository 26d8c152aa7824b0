/**
 * Meta-shaped errors. Every failure the emulator reports to a Graph or OAuth client goes through
 * `GraphError`, so the body shape, the HTTP status and the trace id are the same everywhere.
 * Messages are Meta's own wording where it is known (see docs/emulator.md for the sources).
 */
import { randomBytes } from 'node:crypto';

export interface GraphErrorInit {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  errorData?: unknown;
  headers?: Record<string, string>;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: number;
  readonly type: string;
  readonly subcode: number | undefined;
  readonly isTransient: boolean | undefined;
  readonly userTitle: string | undefined;
  readonly userMsg: string | undefined;
  readonly errorData: unknown;
  readonly headers: Record<string, string>;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.type = init.type ?? 'OAuthException';
    this.subcode = init.subcode;
    this.isTransient = init.isTransient;
    this.userTitle = init.userTitle;
    this.userMsg = init.userMsg;
    this.errorData = init.errorData;
    this.headers = init.headers ?? {};
  }

  toBody(fbtraceId: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { message: this.message, type: this.type, code: this.code };
    if (this.subcode !== undefined) error.error_subcode = this.subcode;
    if (this.isTransient !== undefined) error.is_transient = this.isTransient;
    if (this.userTitle !== undefined) error.error_user_title = this.userTitle;
    if (this.userMsg !== undefined) error.error_user_msg = this.userMsg;
    if (this.errorData !== undefined) error.error_data = this.errorData;
    error.fbtrace_id = fbtraceId;
    return { error };
  }
}

// A pool of random bytes refilled in bulk: one randomBytes call per ~1,000 trace ids keeps the
// per-request cost negligible in the benchmark.
let pool = Buffer.alloc(0);
let poolAt = 0;
const TRACE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random id shaped like Meta's `fbtrace_id` (23 url-safe characters). */
export function newTraceId(): string {
  if (poolAt + 23 > pool.length) {
    pool = randomBytes(23 * 1024);
    poolAt = 0;
  }
  let out = '';
  for (let i = 0; i < 23; i++) out += TRACE_ALPHABET[(pool[poolAt++] ?? 0) & 63];
  return out;
}

const GRAPH_DOCS = 'https://developers.facebook.com/docs/graph-api';

// ---- token errors (code 190 and friends) ----

/** `WWW-Authenticate` as Meta sends it with OAuth failures. */
function wwwAuth(kind: string, message: string): Record<string, string> {
  return { 'www-authenticate': `OAuth "Facebook Platform" "${kind}" "${message.replace(/"/g, "'")}"` };
}

export function tokenError(message: string, subcode?: number): GraphError {
  return new GraphError({ status: 400, code: 190, message, subcode, headers: wwwAuth('invalid_token', message) });
}

export const malformedToken = (): GraphError => tokenError('Invalid OAuth access token - Cannot parse access token');

export function missingToken(forMe: boolean): GraphError {
  return forMe
    ? new GraphError({ status: 400, code: 2500, message: 'An active access token must be used to query information about the current user.' })
    : new GraphError({ status: 400, code: 104, message: 'An access token is required to request this resource.' });
}

export const appsecretProofMissing = (): GraphError =>
  new GraphError({ status: 400, code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' });

export const appsecretProofInvalid = (): GraphError =>
  new GraphError({ status: 400, code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });

// ---- object and path errors ----

export function unsupportedRequest(method: string, id: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at ${GRAPH_DOCS}`,
  });
}

export function nonexistingField(field: string, nodeType: string): GraphError {
  return new GraphError({ status: 400, code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` });
}

export function unknownPath(rest: string): GraphError {
  return new GraphError({ status: 400, code: 2500, message: `Unknown path components: ${rest}` });
}

export function invalidParam(message: string): GraphError {
  return new GraphError({ status: 400, code: 100, message: `(#100) ${message}` });
}

// ---- permission errors ----

/** Code 200 "requires X permission" (HTTP 403, as Graph answers permission errors). */
export function requiresPermission(permission: string): GraphError {
  return new GraphError({ status: 403, code: 200, message: `(#200) Requires ${permission} permission to manage the object` });
}

export const adAccountNotGranted = (): GraphError =>
  new GraphError({ status: 403, code: 200, message: '(#200) Ad account owner has NOT grant ads_management or ads_read permission' });

export const appLacksPermission = (): GraphError =>
  new GraphError({ status: 403, code: 10, message: '(#10) Application does not have permission for this action' });

// ---- throttling ----

const RATE_DOCS = 'https://developers.facebook.com/docs/graph-api/overview/rate-limiting';

export type ThrottleKind = 'app' | 'user' | 'ads_insights' | 'ads_management' | 'pages' | 'custom';

export function throttled(kind: ThrottleKind): GraphError {
  switch (kind) {
    case 'app':
      return new GraphError({ status: 400, code: 4, isTransient: true, message: '(#4) Application request limit reached' });
    case 'user':
      return new GraphError({ status: 400, code: 17, isTransient: true, message: '(#17) User request limit reached' });
    case 'ads_insights':
      return new GraphError({
        status: 400, code: 80000, subcode: 2446079, isTransient: true,
        message: `(#80000) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to ${RATE_DOCS}.`,
      });
    case 'ads_management':
      return new GraphError({
        status: 400, code: 80004, subcode: 2446079, isTransient: true,
        message: `(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to ${RATE_DOCS}#ads-management.`,
      });
    case 'pages':
      return new GraphError({
        status: 400, code: 80001, isTransient: true,
        message: `(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to ${RATE_DOCS}.`,
      });
    case 'custom':
      return new GraphError({ status: 400, code: 613, isTransient: true, message: '(#613) Calls to this api have exceeded the rate limit.' });
  }
}

// ---- OAuth endpoint errors ----

export function oauthError(code: number, message: string, subcode?: number, kind = 'invalid_request'): GraphError {
  return new GraphError({ status: 400, code, message, subcode, headers: wwwAuth(kind, message) });
}

// ---- the app itself ----

/**
 * Meta's answer when the app is deleted: widely quoted from real responses, with code 101 to app
 * tokens and to OAuth calls naming the app, and with code 190 to user tokens of the app.
 */
export const APP_DELETED_MESSAGE = 'Error validating application. Application has been deleted.';

export const appDeleted = (): GraphError => oauthError(101, APP_DELETED_MESSAGE, undefined, 'invalid_client');
