/**
 * `GET|POST /oauth/access_token`: the code exchange (a code works once, within 10 minutes, for
 * the redirect URI it was issued to), the long-lived exchange (`grant_type=fb_exchange_token`),
 * and the app token (`grant_type=client_credentials`). Errors carry Meta's codes and subcodes.
 */
import { requireLiveApp } from './app-health.ts';
import { GraphError, malformedToken, oauthError, tokenError } from './errors.ts';
import type { Ctx, Reply } from './http.ts';
import type { EmulatorState } from './state.ts';
import { CODE_VALIDITY_MS, inspectToken, issueUserToken } from './tokens.ts';
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
