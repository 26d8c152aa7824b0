/**
 * The one way the UI talks to the service: same-origin JSON with the session cookie. Errors keep
 * the API's stable `code` so pages can explain them in the member's language (see errorText).
 */
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

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session ended" (the sign-in form and the first /api/me). */
  quiet401?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'The service could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const raw = (body as { error?: Record<string, unknown> } | undefined)?.error ?? {};
    const { code, message, ...details } = raw;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter > 0) details.retryAfterSeconds = retryAfter;
    const error = new ApiError(
      response.status,
      typeof code === 'string' ? code : `http_${response.status}`,
      typeof message === 'string' ? message : response.statusText,
      details,
    );
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.(error);
    throw error;
  }
  if (body === undefined) throw new ApiError(response.status, 'invalid_response', 'The service answered with something that is not JSON.');
  return body as T;
}
