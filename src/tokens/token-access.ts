import { AppError } from '../errors.ts';
import { GraphError } from '../meta/graph-error.ts';
import { readSecret } from '../vault/secrets.queries.ts';
import type { TokenDeps } from './deps.ts';
import { getMetaUser, type MetaUser } from './tokens.queries.ts';
import type { CachedProfile } from './token-cache.ts';
import type { Verifier } from './verification.ts';

/** The plaintext token, for the duration of one call. Never cached, logged or returned. */
export function readToken(deps: Pick<TokenDeps, 'db' | 'vault'>, metaUser: Pick<MetaUser, 'secretId'>): Promise<string> {
  return readSecret(deps.db, deps.vault, metaUser.secretId);
}

export class TokenUnavailableError extends AppError {
  constructor(
    readonly reason: 'token_expired' | 'token_inactive' | 'no_permission' | 'scope_declined',
    message: string,
  ) {
    super('token_unavailable', message, { reason });
  }
}

/**
 * Every Graph call made with a profile's token goes through here: a failure whose
 * classification asks for it (190, 102) starts the verification before the error reaches the
 * caller, so the status is right by the time the caller reports it; a refusal that may be about
 * the app checks the app. The caller always gets its own Graph error back: a verification that
 * fails (database, vault) is logged and counted, never put in its place.
 */
export async function withToken<T>(
  deps: Pick<TokenDeps, 'db' | 'vault' | 'logger'> & { verifier: Verifier },
  profileId: string,
  call: (token: string, metaUser: MetaUser) => Promise<T>,
): Promise<T> {
  const metaUser = await getMetaUser(deps.db, profileId);
  if (!metaUser) throw new AppError('not_found', 'Meta profile not found');
  assertActive(metaUser);
  return callWith(deps, metaUser, await readToken(deps, metaUser), call);
}

/**
 * The same for a profile the token cache holds (the proxy, checkouts): no database statement
 * when the cache is warm, the token decrypted for this call only.
 */
export async function withCachedToken<T>(
  deps: Pick<TokenDeps, 'vault' | 'logger'> & { verifier: Verifier },
  profile: CachedProfile,
  call: (token: string, metaUser: MetaUser) => Promise<T>,
): Promise<T> {
  assertActive(profile.metaUser);
  return callWith(deps, profile.metaUser, deps.vault.open(profile.sealed, profile.metaUser.secretId), call);
}

export function assertActive(metaUser: MetaUser): void {
  if (metaUser.status === 'active') return;
  throw new TokenUnavailableError(metaUser.status === 'expired' ? 'token_expired' : 'token_inactive', `The token of ${metaUser.name} is ${metaUser.status}: reconnect the Meta profile.`);
}

async function callWith<T>(deps: Pick<TokenDeps, 'logger'> & { verifier: Verifier }, metaUser: MetaUser, token: string, call: (token: string, metaUser: MetaUser) => Promise<T>): Promise<T> {
  try {
    return await call(token, metaUser);
  } catch (error) {
    if (error instanceof GraphError) {
      try {
        await deps.verifier.handleFailure(metaUser.id, error);
      } catch (failure) {
        deps.logger.error({ err: failure, metaUser: metaUser.id, graphCode: error.graphCode }, 'token verification failed; the Graph error goes to the caller');
      }
    }
    throw error;
  }
}
