import { AppError } from '../errors.ts';

/**
 * What an API key may do. `read`: every GET of its workspace; `graph:proxy`: Graph calls through
 * the proxy (and reporting Graph errors); `tokens:checkout`: the token itself, for services that
 * call Meta with their own SDK; `campaigns:manage`: pause and resume; `sync:run`: Sync now.
 */
export const API_KEY_SCOPES = ['read', 'graph:proxy', 'tokens:checkout', 'campaigns:manage', 'sync:run'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** What a new key gets when nobody says: reading and the proxy, never the token itself. */
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ['graph:proxy', 'read'];

const isScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);

/** "graph:proxy,read" → the scopes; an unknown name is a usage error naming it and the known ones. */
export function parseScopes(list: string): ApiKeyScope[] {
  const names = [...new Set(list.split(',').map((name) => name.trim()).filter(Boolean))];
  if (names.length === 0) throw new AppError('invalid_input', `--scope: give at least one of ${API_KEY_SCOPES.join(', ')}`);
  const unknown = names.filter((name) => !isScope(name));
  if (unknown.length > 0) throw new AppError('invalid_input', `--scope: unknown scope ${unknown.join(', ')} (known: ${API_KEY_SCOPES.join(', ')})`);
  return names as ApiKeyScope[];
}

/** Scopes as stored (jsonb): anything unknown is dropped rather than trusted. */
export function storedScopes(value: unknown): ApiKeyScope[] {
  return Array.isArray(value) ? value.filter((name): name is ApiKeyScope => typeof name === 'string' && isScope(name)) : [];
}
