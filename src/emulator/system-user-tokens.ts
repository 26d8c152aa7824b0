/**
 * `POST /{client-business-id}/system_user_access_tokens`: a Business Integration System User's
 * token made (or, with `fetch_only=true`, fetched) with the authority of a valid token of that
 * same BISU, as Meta's Business reference has it: parameters `fetch_only`, `scope`,
 * `set_token_expires_in_60_days`, `system_user_id` (and `asset`, not modelled), answer
 * `{"access_token"}`. `appsecret_proof` is required here whatever the app's setting.
 *
 * Assumptions (Meta's reference lists the parameters, not their rules): only a BISU token of the
 * business (and of the calling app) may call it, with `business_management`; another token that
 * sees the business gets (#200) Permissions error. Without `set_token_expires_in_60_days=true` the
 * new token never expires (Meta's documented default for system-user tokens). `scope` may narrow
 * the BISU's permissions, never widen them. The old token stays valid.
 */
import type { Auth } from './auth.ts';
import { appsecretProofMissing, GraphError, invalidParam, requiresPermission, unsupportedRequest } from './errors.ts';
import type { Ctx, Reply } from './http.ts';
import { KNOWN_PERMISSIONS } from './permissions.ts';
import type { EmulatorState, TokenRecord } from './state.ts';
import { hasScope, issueSystemToken, tokenProblem } from './tokens.ts';

type TokenAuth = Extract<Auth, { kind: 'token' }>;

const permissionsError = (): GraphError => new GraphError({ status: 403, code: 200, message: '(#200) Permissions error' });

function list(raw: string | undefined): string[] {
  return [...new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The newest valid token of this system user and app (what `fetch_only` hands back). */
function newestValid(state: EmulatorState, appId: string, systemUserId: string): TokenRecord | undefined {
  let newest: TokenRecord | undefined;
  for (const rec of state.tokens.values()) {
    if (rec.kind !== 'system' || rec.appId !== appId || rec.systemUserId !== systemUserId) continue;
    if (tokenProblem(state, rec)) continue;
    if (!newest || rec.issuedSeq > newest.issuedSeq) newest = rec;
  }
  return newest;
}

export function systemUserAccessTokens(state: EmulatorState, ctx: Ctx, auth: TokenAuth, businessId: string): Reply {
  if (ctx.method !== 'POST') throw unsupportedRequest(ctx.method, businessId);
  const p = auth.principal;
  const sees = p.kind === 'system' ? p.business === businessId : p.kind === 'user' && (state.index.adminOf.get(p.userId)?.has(businessId) ?? false);
  if (!sees) throw unsupportedRequest('POST', businessId);
  // Checked for validity by authentication when sent; required here even when the app does not require it.
  const proof = ctx.param('appsecret_proof');
  if (proof === undefined || proof === '') throw appsecretProofMissing();
  const integration = p.kind === 'system' ? state.integrations.get(p.systemUserId) : undefined;
  if (!integration || integration.appId !== auth.app.id) throw permissionsError();
  if (!hasScope(state, auth.rec, 'business_management')) throw requiresPermission('business_management');
  const systemUserId = ctx.param('system_user_id');
  if (systemUserId !== undefined && systemUserId !== integration.id) throw invalidParam(`system_user_id ${systemUserId} is not the system user of this integration`);
  if (ctx.param('fetch_only') === 'true') {
    const current = newestValid(state, auth.app.id, integration.id);
    return { status: 200, body: { access_token: current?.token ?? auth.rec.token } };
  }
  const asked = list(ctx.param('scope'));
  const invalid = asked.find((s) => !KNOWN_PERMISSIONS.has(s));
  if (invalid !== undefined) throw new GraphError({ status: 400, code: 3962, message: '(#3962) Provided permission is not valid. Check your spelling and syntax.' });
  if (asked.some((s) => !integration.permissions.includes(s))) throw permissionsError();
  const scopes = asked.length > 0 ? asked : integration.permissions;
  const fresh = issueSystemToken(state, auth.app.id, integration.id, scopes, ctx.param('set_token_expires_in_60_days') === 'true');
  return { status: 200, body: { access_token: fresh.token } };
}
