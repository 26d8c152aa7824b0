import type { Context } from 'hono';
import { ZodError } from 'zod';
import { AppError } from '../errors.ts';

/**
 * The one place where error codes become HTTP statuses (the OpenAPI document lists each route's
 * codes under these statuses, so a code missing here is a 400 nobody documented).
 */
export const STATUS_BY_CODE = {
  invalid_input: 400,
  invalid_json: 400,
  // Node's own refusals, before any route (src/http/server.ts): headers or URL over 16 KiB, a
  // request that is not HTTP, one that did not arrive in time.
  bad_request: 400,
  headers_too_large: 431,
  request_timeout: 408,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  scope_missing: 403,
  not_found: 404,
  checkout_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  token_unavailable: 409,
  different_account: 409,
  invalid_token: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  sync_rate_limited: 429,
  preference_locked: 409,
  telegram_not_configured: 409,
  telegram_unavailable: 502,
  queue_not_started: 503,
  not_ready: 503,
  meta_unavailable: 502,
  meta_rejected: 502,
  meta_version_refused: 502,
  not_a_graph_error: 400,
  // What Meta pushes (meta-signals/): a callback whose signed_request does not hold, a delivery
  // issued too long ago (a replay), a webhook without or with a wrong signature, a handshake
  // with another verify token.
  signed_request_invalid: 400,
  signal_expired: 400,
  signature_missing: 401,
  signature_invalid: 403,
  verify_token_invalid: 403,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export function statusForCode(code: string): number {
  return (STATUS_BY_CODE as Record<string, number>)[code] ?? 400;
}

export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof AppError) {
    const status = statusForCode(error.code);
    if (status === 429 && typeof error.details.retryAfterSeconds === 'number') {
      c.header('Retry-After', String(error.details.retryAfterSeconds));
    }
    return c.json({ error: { code: error.code, message: error.message, ...error.details } }, status as 400);
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return c.json({ error: { code: 'invalid_input', message: `${where}${issue?.message ?? 'invalid input'}` } }, 400);
  }
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on our side. It was logged.' } }, 500);
}
