/**
 * The one way the UI talks to the service: same-origin JSON with the session cookie, through a
 * client typed by the OpenAPI document (api.gen.ts, generated from what the server serves), so a
 * path, a parameter or a field the server does not have fails the type check. Errors keep the
 * API's stable `code` so pages can explain them in the member's language (see errorText).
 */
import createClient from 'openapi-fetch';
import type { paths } from './api.gen.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = (error: ApiError) => void;
let onUnauthenticated: Listener | undefined;

/** Called when a request made while signed in answers 401 (the session ended). */
export function setUnauthenticatedHandler(listener: Listener | undefined): void {
  onUnauthenticated = listener;
}

/** The typed client: `client.GET('/api/meta-users/{id}', { params: { path: { id } } })`. */
export const client = createClient<paths>({ baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin, credentials: 'same-origin', headers: { accept: 'application/json' } });

/**
 * A typed call's answer, or an ApiError carrying the API's code (a 401 while signed in also
 * tells the session it ended): `const { metaUser } = await call(client.GET(…))`.
 */
export async function call<R extends { data?: unknown; error?: unknown; response: Response }>(request: Promise<R>, options: { quiet401?: boolean } = {}): Promise<Exclude<R['data'], undefined>> {
  let result: R;
  try {
    result = await request;
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'The service could not be reached.');
  }
  const { response } = result;
  if (!response.ok) {
    const raw = (result.error as { error?: Record<string, unknown> } | undefined)?.error ?? {};
    const { code, message, ...details } = raw;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) details.retryAfterSeconds = retryAfter;
    const error = new ApiError(response.status, typeof code === 'string' ? code : `http_${response.status}`, typeof message === 'string' ? message : response.statusText, details);
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.(error);
    throw error;
  }
  return result.data as Exclude<R['data'], undefined>;
}
