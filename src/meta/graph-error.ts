/**
 * The one error every failed Graph call becomes. Carries Meta's fields, the response headers
 * and the classification, so callers (token lifecycle, permission sync) decide by
 * `classification.category` and never parse anything themselves.
 *
 * Secrets: the message names only method, path (no query) and Meta's own message, scrubbed of
 * the token; `cause` is never the raw undici error (which may hold the URL with access_token)
 * but a plain Error with a scrubbed message.
 */
import type { Classification } from './classify.ts';
import type { GraphErrorFields } from './error-body.ts';
import { redact, redactValue, stripQuery } from './redact.ts';

export interface GraphErrorInit {
  method: string;
  /** Request path; its query string is dropped here whatever the caller passes. */
  path: string;
  status: number;
  fields?: GraphErrorFields;
  headers?: Record<string, string>;
  classification: Classification;
  networkError?: string;
  /** Underlying failure; only its scrubbed message and code survive. */
  cause?: unknown;
  /** Values to scrub from every text this error carries (token, app secret). */
  secrets?: readonly (string | undefined)[];
  /** What authenticated the call: decides whether a refusal may be about the app itself. */
  credential?: GraphCredential;
}

/**
 * `app_token`: `APP_ID|APP_SECRET` (debug_token, the app node); `client_secret`: the OAuth
 * exchanges; `user_token`: a user or system-user token sent with its appsecret_proof.
 */
export type GraphCredential = 'app_token' | 'client_secret' | 'user_token' | 'none';

export class GraphError extends Error {
  /** Our stable error code; the Graph code is `graphCode`. */
  readonly code = 'graph_error' as const;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly graphCode?: number;
  readonly subcode?: number;
  readonly type?: string;
  readonly isTransient?: boolean;
  readonly fbtraceId?: string;
  readonly userTitle?: string;
  readonly userMessage?: string;
  readonly errorData?: unknown;
  /** Meta's message, scrubbed. */
  readonly graphMessage?: string;
  readonly headers: Record<string, string>;
  readonly classification: Classification;
  readonly networkError?: string;
  readonly credential: GraphCredential;

  constructor(init: GraphErrorInit) {
    const secrets = init.secrets ?? [];
    const path = stripQuery(init.path);
    const f = init.fields ?? {};
    const metaMessage = f.message === undefined ? undefined : redact(f.message, secrets);
    const detail =
      metaMessage ??
      (init.networkError !== undefined ? `network error ${init.networkError}` : `HTTP ${init.status} without a Graph error body`);
    const codes = f.code === undefined ? '' : f.subcode === undefined ? ` (#${f.code})` : ` (#${f.code}/${f.subcode})`;
    super(`${init.method} ${path} failed${codes}: ${detail} [${init.classification.category}]`, {
      cause: sanitizeCause(init.cause, secrets),
    });
    this.name = 'GraphError';
    this.status = init.status;
    this.method = init.method;
    this.path = path;
    this.graphCode = f.code;
    this.subcode = f.subcode;
    this.type = f.type;
    this.isTransient = f.isTransient;
    this.fbtraceId = f.fbtraceId;
    this.userTitle = f.userTitle === undefined ? undefined : redact(f.userTitle, secrets);
    this.userMessage = f.userMessage === undefined ? undefined : redact(f.userMessage, secrets);
    this.errorData = f.errorData === undefined ? undefined : redactValue(f.errorData, secrets);
    this.graphMessage = metaMessage;
    this.headers = init.headers ?? {};
    this.classification = init.classification;
    this.networkError = init.networkError;
    this.credential = init.credential ?? 'none';
  }

  /** A log-safe summary (no headers, no error_data). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      graphCode: this.graphCode,
      subcode: this.subcode,
      type: this.type,
      fbtraceId: this.fbtraceId,
      category: this.classification.category,
      networkError: this.networkError,
    };
  }
}

function sanitizeCause(cause: unknown, secrets: readonly (string | undefined)[]): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  const source = cause as { name?: unknown; message?: unknown; code?: unknown };
  const message = typeof source.message === 'string' ? source.message : String(cause);
  const clean = new Error(redact(message, secrets));
  clean.name = typeof source.name === 'string' ? source.name : 'Error';
  if (typeof source.code === 'string') (clean as Error & { code?: string }).code = source.code;
  // The stack of the original would repeat its message; the new one points here, which is enough.
  return clean;
}
