import { AppError } from '../errors.ts';
import { GraphError } from '../meta/graph-error.ts';
import type { Member } from '../accounts/accounts.queries.ts';
import type { TokenDeps } from './deps.ts';
import { readBusinesses } from './connect.ts';
import { saveVerifiedToken } from './profile-store.ts';
import type { MetaUser } from './tokens.queries.ts';

/**
 * An admin pastes a System User token made in Business Manager. It is checked with debug_token
 * (valid, issued to this app, a system user's) and /me before anything is stored. A 60-day
 * system-user token is accepted too; the refresh job then treats it like a user token.
 */
export async function addSystemUserToken(
  deps: TokenDeps & { appId: string },
  input: { member: Member; accessToken: string; name?: string },
): Promise<MetaUser> {
  const token = input.accessToken.trim();
  const invalid = (message: string) => new AppError('invalid_token', message);
  if (!/^[A-Za-z0-9_|-]{20,1024}$/.test(token)) throw invalid('This does not look like a Meta access token.');
  let debug;
  let me;
  try {
    debug = await deps.graph.debugToken(token).catch((error: unknown) => {
      // debug_token answers code 100 when the token belongs to another app than the asking one.
      if (error instanceof GraphError && error.graphCode === 100) throw invalid('Meta would not inspect this token for this app: it was issued to another Meta app.');
      throw error;
    });
    if (!debug.is_valid) throw invalid('Meta says this token is not valid (expired, revoked, or mistyped).');
    if (debug.app_id !== deps.appId) throw invalid('This token was issued to another Meta app; create it for this app in Business Manager.');
    if (debug.type && debug.type !== 'SYSTEM_USER') throw invalid(`This is a ${debug.type.toLowerCase()} token, not a System User token. Use Connect Meta Account for personal profiles.`);
    me = await deps.graph.me(token, ['id', 'name']);
  } catch (error) {
    if (error instanceof GraphError) {
      if (error.classification.retry) throw new AppError('meta_unavailable', 'Meta did not answer in time. Nothing was stored; try again in a minute.');
      throw invalid('Meta refused this token. Nothing was stored.');
    }
    throw error;
  }
  const now = new Date(deps.clock.now());
  const scopes = debug.scopes ?? [];
  const businesses = await readBusinesses(deps, token);
  const { metaUser } = await saveVerifiedToken(
    deps,
    {
      workspaceId: input.member.workspaceId,
      metaUserId: me.id,
      name: input.name?.trim() || me.name || me.id,
      email: null,
      tokenType: 'system_user',
      connection: 'pasted',
      token,
      expiresAt: debug.expires_at ? new Date(debug.expires_at * 1000) : null,
      dataAccessExpiresAt: null,
      grantedScopes: scopes,
      declinedScopes: [],
      connectedBy: input.member.id,
      businesses,
    },
    now,
  );
  await deps.events.emit({ type: 'connected', metaUser, notificationIds: [] });
  return metaUser;
}
