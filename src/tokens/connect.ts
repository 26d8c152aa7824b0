import { randomBytes } from 'node:crypto';
import { hashCredential } from '../accounts/secrets.ts';
import type { Member } from '../accounts/accounts.queries.ts';
import { AppError } from '../errors.ts';
import { GraphError } from '../meta/graph-error.ts';
import type { ReconnectFailure } from '../db/schema.ts';
import type { DebugTokenData } from '../meta/helpers.ts';
import type { TokenDeps } from './deps.ts';
import { consumeOauthState, insertOauthState } from './oauth-state.queries.ts';
import { saveVerifiedToken } from './profile-store.ts';
import { exchangeAndStoreBusiness } from './connect-business.ts';
import { callbackOutcome, exchangeFailure, type CheckedState, type ConnectOutcome, type ConnectResult } from './connect-outcome.ts';
import { REQUESTED_SCOPES } from './scopes.ts';
import { getWorkspaceMetaUser, insertEvent, type MetaUser } from './tokens.queries.ts';

export interface MetaAppSettings {
  appId: string;
  dialogUrl: string;
  redirectUri: string;
  /** META_LOGIN_CONFIG_ID: a user configuration; Connect Meta Account then sends `config_id` instead of `scope`. */
  loginConfigId?: string | undefined;
  /** META_BUSINESS_CONFIG_ID: a system-user configuration; without it there is no Connect a business. */
  businessConfigId?: string | undefined;
}

const STATE_TTL_MS = 10 * 60_000;

/**
 * The URL of Meta's OAuth dialog for a connect (no profile) or a reconnect (a profile whose
 * token must be replaced by one of the same Meta user). `rerequest` re-asks declined permissions.
 * With a user configuration (META_LOGIN_CONFIG_ID) the dialog gets `config_id` instead of
 * `scope`: the configuration names the permissions, and the 14 stay what the callback checks.
 * `flow: 'business'` is Connect a business (Facebook Login for Business with the system-user
 * configuration): `config_id`, `response_type=code` and `override_default_response_type=true`,
 * as Meta requires for it, and no `scope`.
 */
export async function startConnect(
  deps: Pick<TokenDeps, 'db' | 'clock'> & { app: MetaAppSettings },
  input: { member: Member; sessionCookie: string; metaUser?: MetaUser; flow?: 'login' | 'business' },
): Promise<string> {
  const flow = input.flow ?? 'login';
  if (flow === 'business' && !deps.app.businessConfigId) throw new AppError('not_found', 'Connect a business is not configured (META_BUSINESS_CONFIG_ID).');
  const state = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  await insertOauthState(
    deps.db,
    hashCredential(state),
    { memberId: input.member.id, workspaceId: input.member.workspaceId, sessionHash: hashCredential(input.sessionCookie), profileId: input.metaUser?.id ?? null, flow },
    new Date(now + STATE_TTL_MS),
  );
  const url = new URL(`${deps.app.dialogUrl}/dialog/oauth`);
  url.searchParams.set('client_id', deps.app.appId);
  url.searchParams.set('redirect_uri', deps.app.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  if (flow === 'business') {
    url.searchParams.set('config_id', deps.app.businessConfigId as string);
    url.searchParams.set('override_default_response_type', 'true');
    return url.toString();
  }
  if (deps.app.loginConfigId) url.searchParams.set('config_id', deps.app.loginConfigId);
  else url.searchParams.set('scope', REQUESTED_SCOPES.join(','));
  if (input.metaUser && input.metaUser.declinedScopes.length > 0) url.searchParams.set('auth_type', 'rerequest');
  return url.toString();
}

export type { ConnectOutcome, ConnectResult } from './connect-outcome.ts';

/**
 * The OAuth callback: verify the state (single use, this session, 10 minutes), exchange the
 * code, exchange for a long-lived token, read who it is and what it may do, and store it.
 * Nothing is stored unless every step succeeded.
 */
export async function completeConnect(
  deps: TokenDeps & { app: MetaAppSettings },
  input: { code?: string; state?: string; error?: string; errorDescription?: string; sessionCookie: string | undefined },
): Promise<ConnectResult> {
  const now = new Date(deps.clock.now());
  const state = await checkState(deps, input, now);
  if ('result' in state) return state;
  const target = state.profileId ? await getWorkspaceMetaUser(deps.db, state.workspaceId, state.profileId) : undefined;
  const outcome = state.flow === 'business' ? await exchangeAndStoreBusiness(deps, input, state, target, now) : await exchangeAndStore(deps, input, state, target, now);
  // A reconnect that did not put a token in place is part of the profile's story: its timeline
  // says why (cancelled, another Meta account, Meta's refusal or silence).
  if (target && outcome.result !== 'connected' && outcome.result !== 'reconnected') {
    const reason: ReconnectFailure = outcome.result === 'error' ? (outcome.reason as ReconnectFailure) : outcome.result;
    await insertEvent(deps.db, target.id, now, {
      kind: 'reconnect_failed',
      message: outcome.result === 'error' ? outcome.message : outcome.result === 'different_account' ? `Signed in on Meta as ${outcome.actual}` : 'Cancelled on Meta',
      details: { reason, ...(outcome.result === 'different_account' ? { actual: outcome.actual } : {}) },
    });
  }
  return { ...outcome, ...(target ? { profileId: target.id } : {}), flow: state.flow ?? 'login' };
}


/** The state: single use, this session, 10 minutes. A refusal here knows no profile (nothing is recorded). */
async function checkState(deps: Pick<TokenDeps, 'db'>, input: { state?: string; sessionCookie: string | undefined }, now: Date): Promise<CheckedState | ConnectResult> {
  if (!input.state) return { result: 'error', reason: 'state_invalid', message: 'The answer from Meta carried no state; start again from Connect Meta Account.' };
  const state = await consumeOauthState(deps.db, hashCredential(input.state), now);
  if (state.outcome !== 'ok') {
    const messages = {
      used: 'This Meta sign-in link was already used. Start again from Connect Meta Account.',
      expired: 'The Meta sign-in took longer than 10 minutes. Start again from Connect Meta Account.',
      unknown: 'The answer from Meta does not match a sign-in started here. Start again from Connect Meta Account.',
    } as const;
    return { result: 'error', reason: state.outcome === 'used' ? 'state_used' : state.outcome === 'expired' ? 'state_expired' : 'state_invalid', message: messages[state.outcome] };
  }
  if (!input.sessionCookie || hashCredential(input.sessionCookie) !== state.sessionHash) {
    return { result: 'error', reason: 'wrong_session', message: 'This Meta sign-in was started in another session. Start again from Connect Meta Account.' };
  }
  return state;
}

async function exchangeAndStore(
  deps: TokenDeps & { app: MetaAppSettings },
  input: { code?: string; error?: string; errorDescription?: string },
  state: CheckedState,
  target: MetaUser | undefined,
  now: Date,
): Promise<ConnectOutcome> {
  const answer = callbackOutcome(input);
  if ('result' in answer) return answer;
  let longLived: { accessToken: string; expiresIn?: number };
  let profile: { id: string; name?: string; email?: string };
  let permissions: Array<{ permission: string; status: string }>;
  let debug: DebugTokenData;
  try {
    const shortLived = await deps.graph.exchangeCode(answer.code, deps.app.redirectUri);
    longLived = await deps.graph.exchangeLongLived(shortLived.accessToken);
    profile = await deps.graph.me(longLived.accessToken, ['id', 'name', 'email']);
    permissions = await deps.graph.permissions(longLived.accessToken);
    debug = await deps.graph.debugToken(longLived.accessToken);
  } catch (error) {
    if (error instanceof GraphError) return exchangeFailure(error);
    throw error;
  }
  if (!debug.is_valid || debug.app_id !== deps.app.appId || (debug.user_id && debug.user_id !== profile.id)) {
    return { result: 'error', reason: 'token_invalid', message: 'Meta returned a token that does not check out for this app. Nothing was stored.' };
  }
  if (target && target.metaUserId !== profile.id) {
    return { result: 'different_account', expected: target.name, actual: profile.name ?? profile.id };
  }
  const granted = permissions.filter((p) => p.status === 'granted').map((p) => p.permission);
  const declined = REQUESTED_SCOPES.filter((scope) => !granted.includes(scope));
  const businesses = granted.includes('business_management') ? await readBusinesses(deps, longLived.accessToken) : [];
  const expiresAt = debug.expires_at ? new Date(debug.expires_at * 1000) : longLived.expiresIn ? new Date(now.getTime() + longLived.expiresIn * 1000) : null;
  const { metaUser, created } = await saveVerifiedToken(
    deps,
    {
      workspaceId: state.workspaceId,
      metaUserId: profile.id,
      name: profile.name ?? profile.id,
      email: profile.email ?? null,
      tokenType: 'user',
      connection: 'login',
      token: longLived.accessToken,
      expiresAt,
      dataAccessExpiresAt: debug.data_access_expires_at ? new Date(debug.data_access_expires_at * 1000) : null,
      grantedScopes: granted,
      declinedScopes: [...declined],
      connectedBy: state.memberId,
      businesses,
    },
    now,
  );
  const type = created ? 'connected' : 'reconnected';
  await deps.events.emit({ type, metaUser, notificationIds: [] });
  return { result: type, metaUser };
}

/** Business Managers of a token; null when Meta would not say (the stored list then stays). */
export async function readBusinesses(deps: Pick<TokenDeps, 'graph' | 'logger'>, token: string): Promise<Array<{ id: string; name: string }> | null> {
  try {
    return (await deps.graph.businesses(token)).map((b) => ({ id: b.id, name: b.name ?? b.id }));
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read Business Managers');
    return null;
  }
}

export function requireReconnectRights(member: Member, metaUser: MetaUser): void {
  if (member.role !== 'admin' && metaUser.connectedBy !== member.id) {
    throw new AppError('forbidden', 'Only the person who connected this profile, or an admin, may do this.');
  }
}
