/**
 * `GET /debug_token`: what Meta says about a token to the app that owns it. Invalid tokens are
 * still answered with HTTP 200 and `is_valid: false` plus an `error` object inside `data`.
 */
import { permissionTargets, principalOf } from './access.ts';
import { requireLiveApp } from './app-health.ts';
import { GraphError, invalidParam, malformedToken, missingToken, tokenError } from './errors.ts';
import { tokenOf, type Ctx, type Reply } from './http.ts';
import type { EmulatorState, TokenRecord } from './state.ts';
import { dataAccessExpiresAt, inspectToken, scopesOf } from './tokens.ts';
import type { Usage } from './usage.ts';
import type { WorldApp } from './world.ts';

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The viewing app: an app token, or a valid token of the same app. */
function viewer(state: EmulatorState, ctx: Ctx): WorldApp {
  const token = tokenOf(ctx);
  if (!token) throw missingToken(false);
  const v = inspectToken(state, token);
  if (v.kind === 'malformed') throw malformedToken();
  if (v.kind === 'app') {
    requireLiveApp(state, v.app);
    if (!v.secretOk) throw tokenError('Invalid OAuth access token signature.');
    return v.app;
  }
  if (v.problem) throw tokenError(v.problem.message, v.problem.subcode);
  return v.app;
}

function granular(state: EmulatorState, rec: TokenRecord, scopes: string[]): Array<{ scope: string; target_ids?: string[] }> {
  const p = principalOf(state.index, rec);
  return scopes
    .filter((s) => s !== 'public_profile')
    .map((scope) => {
      const ids = permissionTargets(state.index, p, scope);
      return ids && ids.length > 0 ? { scope, target_ids: ids } : { scope };
    });
}

export function debugToken(state: EmulatorState, usage: Usage, ctx: Ctx, headers: Record<string, string>): Reply {
  if (ctx.method !== 'GET') throw new GraphError({ status: 400, code: 100, type: 'GraphMethodException', message: 'Unsupported post request.' });
  const app = viewer(state, ctx);
  const outcome = usage.evaluate({ appId: app.id }, state.clock.now(), state.limits);
  Object.assign(headers, outcome.headers);
  if (outcome.error) throw outcome.error;
  const input = ctx.param('input_token');
  if (!input) throw invalidParam('The parameter input_token is required');
  const inspected = inspectToken(state, input);
  if (inspected.kind === 'malformed') {
    return { status: 200, body: { data: { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] } } };
  }
  if (inspected.kind === 'app') {
    if (inspected.app.id !== app.id) throw invalidParam('The App_id in the input_token did not match the Viewing App');
    return { status: 200, body: { data: { app_id: app.id, type: 'APP', application: app.name, is_valid: inspected.secretOk, scopes: [] } } };
  }
  const { rec, problem } = inspected;
  if (rec.appId !== app.id) throw invalidParam('The App_id in the input_token did not match the Viewing App');
  const scopes = problem ? [] : scopesOf(state, rec);
  const data: Record<string, unknown> = {
    app_id: app.id,
    type: rec.kind === 'system' ? 'SYSTEM_USER' : rec.kind === 'page' ? 'PAGE' : 'USER',
    application: app.name,
  };
  const personal = rec.kind !== 'system' && rec.systemUserId === undefined && rec.userId !== undefined;
  data.data_access_expires_at = personal ? toSeconds(dataAccessExpiresAt(state, rec.userId ?? '')) : 0;
  if (problem) data.error = { code: 190, message: problem.message, ...(problem.subcode !== undefined ? { subcode: problem.subcode } : {}) };
  data.expires_at = rec.expiresAt === 0 ? 0 : toSeconds(rec.expiresAt);
  data.is_valid = !problem;
  // Meta returns issued_at only for long-lived tokens.
  if (rec.long) data.issued_at = toSeconds(rec.issuedAt);
  if (rec.kind === 'page') data.profile_id = rec.pageId;
  data.scopes = scopes;
  data.granular_scopes = problem ? [] : granular(state, rec, scopes);
  data.user_id = rec.userId ?? rec.systemUserId;
  return { status: 200, body: { data } };
}
