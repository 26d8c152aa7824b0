/**
 * `GET|POST /oauth/access_token`: the code exchange (a code works once, within 10 minutes, for
 * the redirect URI it was issued to; a Facebook Login for Business code of a system-user
 * configuration gives a token of the business's Business Integration System User), the
 * long-lived exchange (`grant_type=fb_exchange_token`, which also renews a 60-day system-user
 * token when asked with `set_token_expires_in_60_days=true`), and the app token
 * (`grant_type=client_credentials`). Errors carry Meta's codes and subcodes.
 */
import { requireLiveApp } from './app-health.ts';
import { GraphError, malformedToken, oauthError, tokenError } from './errors.ts';
import type { Ctx, Reply } from './http.ts';
import type { EmulatorState, TokenRecord } from './state.ts';
import { CODE_VALIDITY_MS, inspectToken, issueSystemToken, issueUserToken } from './tokens.ts';
import type { Usage } from './usage.ts';
import type { WorldApp } from './world.ts';

function bearer(token: string, expiresAtMs: number, nowMs: number): Reply {
  return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: Math.max(0, Math.round((expiresAtMs - nowMs) / 1000)) } };
}

function requireSecret(ctx: Ctx, app: WorldApp): void {
  if (ctx.param('client_secret') !== app.secret) throw oauthError(1, 'Error validating client secret.', undefined, 'invalid_client');
}

export function accessToken(state: EmulatorState, usage: Usage, ctx: Ctx, headers: Record<string, string>): Reply {
  if (ctx.method !== 'GET' && ctx.method !== 'POST') throw oauthError(100, 'Unsupported method');
  const clientId = ctx.param('client_id');
  if (!clientId) throw oauthError(101, 'Missing client_id parameter.', undefined, 'invalid_client');
  const app = state.index.apps.get(clientId);
  if (!app) throw oauthError(101, 'Error validating application. Invalid application ID.', undefined, 'invalid_client');
  // The application is validated before the secret and the grant: a deleted app refuses them all.
  requireLiveApp(state, app);
  const outcome = usage.evaluate({ appId: app.id }, state.clock.now(), state.limits);
  Object.assign(headers, outcome.headers);
  if (outcome.error) throw outcome.error;
  const grant = ctx.param('grant_type');
  if (grant === 'fb_exchange_token') return exchange(state, ctx, app);
  if (grant === 'client_credentials') {
    requireSecret(ctx, app);
    return { status: 200, body: { access_token: `${app.id}|${app.secret}`, token_type: 'bearer' } };
  }
  if (grant !== undefined && grant !== 'authorization_code') throw oauthError(100, `Unsupported grant_type: ${grant}`);
  return codeExchange(state, ctx, app);
}

function codeExchange(state: EmulatorState, ctx: Ctx, app: WorldApp): Reply {
  const redirectUri = ctx.param('redirect_uri');
  if (redirectUri === undefined) throw oauthError(191, 'Missing redirect_uri parameter.');
  requireSecret(ctx, app);
  const code = ctx.param('code');
  if (!code) throw oauthError(100, 'Missing authorization code');
  const rec = state.codes.get(code);
  if (!rec || rec.appId !== app.id) throw oauthError(100, 'Invalid verification code format.', undefined, 'invalid_code');
  if (rec.used) throw oauthError(100, 'This authorization code has been used.', 36009, 'invalid_code');
  const now = state.clock.now();
  if (now - rec.createdAt > CODE_VALIDITY_MS) throw oauthError(100, 'This authorization code has expired.', 36007, 'invalid_code');
  if (rec.redirectUri !== redirectUri) {
    throw oauthError(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 36008, 'invalid_code');
  }
  rec.used = true;
  const integration = rec.integrationId !== undefined ? state.integrations.get(rec.integrationId) : undefined;
  if (integration) {
    // A token of the business's BISU. Assumption: Meta's documentation shows no answer; `expires_in`
    // comes only with a 60-day configuration (a token that never expires has nothing to count down).
    const token = issueSystemToken(state, app.id, integration.id, integration.permissions, integration.expiresIn60Days);
    return token.expiresAt === 0 ? { status: 200, body: { access_token: token.token, token_type: 'bearer' } } : bearer(token.token, token.expiresAt, now);
  }
  const token = issueUserToken(state, app.id, rec.userId, false);
  return bearer(token.token, token.expiresAt, now);
}

function exchange(state: EmulatorState, ctx: Ctx, app: WorldApp): Reply {
  requireSecret(ctx, app);
  const input = ctx.param('fb_exchange_token');
  if (!input) throw oauthError(100, 'Missing fb_exchange_token parameter');
  const inspected = inspectToken(state, input);
  if (inspected.kind !== 'record') throw malformedToken();
  const { rec, problem } = inspected;
  if (rec.appId !== app.id) throw tokenError('Error validating access token: The access token does not belong to application ' + app.id);
  if (problem) throw tokenError(problem.message, problem.subcode);
  if (rec.kind === 'system') return renewSystemToken(state, ctx, rec);
  if (rec.kind !== 'user' || rec.userId === undefined) {
    throw new GraphError({ status: 400, code: 100, message: '(#100) fb_exchange_token must be a user access token' });
  }
  const now = state.clock.now();
  // Meta does not document refreshing a long-lived token; it is reported to hand back the same
  // token and expiry. Worlds choose which behaviour their app shows.
  if (rec.long && app.longLivedReexchange === 'same') return bearer(rec.token, rec.expiresAt, now);
  const fresh = issueUserToken(state, app.id, rec.userId, true);
  // A new token from the same session: security events before it still count against it.
  fresh.issuedSeq = rec.issuedSeq;
  return bearer(fresh.token, fresh.expiresAt, now);
}

/**
 * Meta's renewal of a 60-day system-user token (pasted, or a Business Integration System User's):
 * `fb_exchange_token` with `set_token_expires_in_60_days=true` gives a NEW token, 60 days from
 * now; the old one stays valid until its own expiry. Assumptions (Meta documents only the call
 * with the parameter): without it the renewal is refused rather than answered with a token that
 * never expires, and a token that never expires is not renewed at all.
 */
function renewSystemToken(state: EmulatorState, ctx: Ctx, rec: TokenRecord): Reply {
  if (ctx.param('set_token_expires_in_60_days') !== 'true') {
    throw oauthError(100, '(#100) A system user access token is renewed with set_token_expires_in_60_days=true');
  }
  if (rec.expiresAt === 0) throw oauthError(100, '(#100) This system user access token does not expire and cannot be renewed');
  const fresh = issueSystemToken(state, rec.appId, rec.systemUserId ?? '', rec.scopes ?? [], true);
  return bearer(fresh.token, fresh.expiresAt, state.clock.now());
}
