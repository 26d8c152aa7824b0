/**
 * The control API's tokens and roles: `POST /__control/tokens` mints a user or system-user token
 * (a system-user one never expires, or expires in 60 days with `expiresInDays: 60`), and
 * `POST /__control/access` gives or takes a person's or system user's role on an asset, as a
 * Business Manager admin would. A Business Integration System User gets neither: its tokens come
 * from the dialog and its assets from what its business shares.
 */
import { fail, idField, json, stringList, type Obj } from './control-error.ts';
import type { Reply } from './http.ts';
import type { EmulatorState } from './state.ts';
import { issueSystemToken, issueUserToken } from './tokens.ts';

export function mintToken(state: EmulatorState, body: Obj): Reply {
  const appId = idField(body, 'appId');
  if (appId === undefined || !state.index.apps.has(appId)) return fail(400, 'appId must name a known app');
  const kind = body.kind ?? (body.systemUserId !== undefined ? 'system' : 'long');
  const scopes = stringList(body.scopes, 'scopes');
  if (kind === 'system') {
    const sid = idField(body, 'systemUserId');
    if (sid === undefined || !state.index.systemUsers.has(sid)) return fail(400, 'systemUserId must name a known system user');
    if (state.integrations.has(sid)) return fail(400, `${sid} is a business integration system user: its tokens come from the dialog`);
    // Meta's two lifetimes of a system-user token: never, or 60 days (set_token_expires_in_60_days).
    if (body.expiresInDays !== undefined && body.expiresInDays !== 60) return fail(400, 'expiresInDays must be 60 (or left out: never expires)');
    const rec = issueSystemToken(state, appId, sid, scopes, body.expiresInDays === 60);
    return json({ access_token: rec.token, expires_at: Math.floor(rec.expiresAt / 1000) }, 201);
  }
  if (body.expiresInDays !== undefined) return fail(400, 'expiresInDays applies to system tokens only');
  if (kind !== 'short' && kind !== 'long') return fail(400, 'kind must be "short", "long" or "system"');
  const userId = idField(body, 'userId');
  if (userId === undefined || !state.index.users.has(userId)) return fail(400, 'userId must name a known user');
  // Permissions belong to the person–app pair on Meta: minting sets them, as a login would.
  const grants = state.grantsFor(userId, appId);
  grants.granted = new Set(['public_profile', ...scopes]);
  for (const s of scopes) grants.declined.delete(s);
  state.userRuntime(userId).lastLoginAt = state.clock.now();
  const rec = issueUserToken(state, appId, userId, kind === 'long');
  return json({ access_token: rec.token, expires_at: Math.floor(rec.expiresAt / 1000) }, 201);
}

export function access(state: EmulatorState, body: Obj): Reply {
  const userId = idField(body, 'userId');
  const systemUserId = idField(body, 'systemUserId');
  if ((userId === undefined) === (systemUserId === undefined)) return fail(400, 'give exactly one of userId and systemUserId');
  if (userId !== undefined && !state.index.users.has(userId)) return fail(404, `unknown user ${userId}`);
  if (systemUserId !== undefined && !state.index.systemUsers.has(systemUserId)) return fail(404, `unknown system user ${systemUserId}`);
  if (systemUserId !== undefined && state.integrations.has(systemUserId)) return fail(400, `${systemUserId} is a business integration system user: use /__control/businesses/{id}/share`);
  const object = idField(body, 'object');
  const ref = object !== undefined ? state.index.asset(object) : undefined;
  if (!ref) return fail(404, `unknown object ${object ?? ''}`);
  if (typeof body.grant !== 'boolean') return fail(400, 'grant must be true or false');
  state.index.setAccess(userId !== undefined ? { userId } : { systemUserId: systemUserId ?? '' }, ref, body.grant);
  return json({ ok: true });
}
