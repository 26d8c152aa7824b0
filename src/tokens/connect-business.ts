/**
 * Connect a business (Facebook Login for Business with a system-user configuration): the
 * client's admin picks their business and the assets to share in Meta's dialog, and the code
 * exchange gives a Business Integration System User (BISU) token of that business. It is
 * inspected (`debug_token`: valid, this app's, a system user's; `GET /me` names the client
 * business) and stored as a System User profile keyed by the business, not by the BISU (Meta
 * deletes the BISU on uninstall and makes another on the next install). Nothing is stored unless
 * every check passed.
 */
import { GraphError } from '../meta/graph-error.ts';
import type { DebugTokenData, MeResponse } from '../meta/helpers.ts';
import type { CheckedState, ConnectOutcome } from './connect-outcome.ts';
import { callbackOutcome, exchangeFailure } from './connect-outcome.ts';
import type { MetaAppSettings } from './connect.ts';
import type { TokenDeps } from './deps.ts';
import { saveVerifiedToken } from './profile-store.ts';
import { BUSINESS_SCOPES } from './scopes.ts';
import { businessesById, type MetaUser } from './tokens.queries.ts';
import { metaIdOf } from '../meta/meta-id.ts';

export async function exchangeAndStoreBusiness(
  deps: TokenDeps & { app: MetaAppSettings },
  input: { code?: string; error?: string; errorDescription?: string },
  state: CheckedState,
  target: MetaUser | undefined,
  now: Date,
): Promise<ConnectOutcome> {
  const answer = callbackOutcome(input);
  if ('result' in answer) return answer;
  let exchanged: { accessToken: string; expiresIn?: number };
  let debug: DebugTokenData;
  let me: MeResponse;
  try {
    exchanged = await deps.graph.exchangeCode(answer.code, deps.app.redirectUri);
    debug = await deps.graph.debugToken(exchanged.accessToken);
    me = await deps.graph.me(exchanged.accessToken, ['id', 'name', 'client_business_id']);
  } catch (error) {
    if (error instanceof GraphError) return exchangeFailure(error);
    throw error;
  }
  const businessId = metaIdOf(me.client_business_id);
  if (!debug.is_valid || debug.app_id !== deps.app.appId || (debug.type && debug.type !== 'SYSTEM_USER') || (debug.user_id && debug.user_id !== me.id) || !businessId) {
    return { result: 'error', reason: 'token_invalid', message: 'Meta returned a token that is not a business integration of this app. Nothing was stored.' };
  }
  const businesses = await readBusinesses(deps, exchanged.accessToken);
  const businessName = businesses?.find((b) => b.id === businessId)?.name ?? businessId;
  if (target) {
    // "Reconnect business" is for the business the profile is: another one is refused, as another
    // Meta account is on a personal profile's reconnect.
    const current = target.connection === 'business' && target.clientBusinessId ? (await businessesById(deps.db, [target.clientBusinessId])).get(target.clientBusinessId) : undefined;
    if (current?.metaBusinessId !== businessId) return { result: 'different_account', expected: target.name, actual: businessName };
  }
  const granted = debug.scopes ?? [];
  const expiresAt = debug.expires_at ? new Date(debug.expires_at * 1000) : exchanged.expiresIn ? new Date(now.getTime() + exchanged.expiresIn * 1000) : null;
  const { metaUser, created } = await saveVerifiedToken(
    deps,
    {
      workspaceId: state.workspaceId,
      metaUserId: me.id,
      name: businessName,
      email: null,
      tokenType: 'system_user',
      connection: 'business',
      clientBusiness: { id: businessId, name: businessName },
      token: exchanged.accessToken,
      expiresAt,
      dataAccessExpiresAt: null,
      grantedScopes: granted,
      // What the configuration left out, of what a BISU token can have (never `email`).
      declinedScopes: BUSINESS_SCOPES.filter((scope) => !granted.includes(scope)),
      connectedBy: state.memberId,
      businesses: businesses ?? [{ id: businessId, name: businessName }],
    },
    now,
  );
  const type = created ? 'connected' : 'reconnected';
  await deps.events.emit({ type, metaUser, notificationIds: [] });
  return { result: type, metaUser };
}

/** The BISU's Business Managers (its client business); null when Meta would not say. */
async function readBusinesses(deps: Pick<TokenDeps, 'graph' | 'logger'>, token: string): Promise<Array<{ id: string; name: string }> | null> {
  try {
    return (await deps.graph.businesses(token)).map((b) => ({ id: b.id, name: b.name ?? b.id }));
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the business of a business integration');
    return null;
  }
}
