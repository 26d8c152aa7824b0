/**
 * Authenticating a Graph call: find the token, judge it (code 190 with Meta's subcodes), check
 * `appsecret_proof` when the app requires it or when one is sent, and work out which usage
 * counters the call touches.
 */
import { timingSafeEqual } from 'node:crypto';
import { requireLiveApp } from './app-health.ts';
import { appsecretProofInvalid, appsecretProofMissing, malformedToken, missingToken, tokenError } from './errors.ts';
import { principalOf, type Principal } from './access.ts';
import { tokenOf, type Ctx } from './http.ts';
import type { EmulatorState, TokenRecord } from './state.ts';
import { appsecretProof, inspectToken } from './tokens.ts';
import type { UsageScope } from './usage.ts';
import type { WorldApp } from './world.ts';

export type Auth =
  | { kind: 'app'; app: WorldApp }
  | { kind: 'token'; app: WorldApp; rec: TokenRecord; principal: Principal };

/** Who a token belongs to without judging it (for fault matching and the call log). */
export function peekActor(state: EmulatorState, ctx: Ctx): string | null {
  const token = tokenOf(ctx);
  if (!token) return null;
  const rec = state.tokens.get(token);
  return rec ? (rec.userId ?? rec.systemUserId ?? null) : null;
}

function proofMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function authenticate(state: EmulatorState, ctx: Ctx, forMe: boolean): Auth {
  const token = tokenOf(ctx);
  if (!token) throw missingToken(forMe);
  const inspected = inspectToken(state, token);
  if (inspected.kind === 'malformed') throw malformedToken();
  if (inspected.kind === 'app') {
    requireLiveApp(state, inspected.app);
    if (!inspected.secretOk) throw tokenError('Invalid OAuth access token signature.');
    return { kind: 'app', app: inspected.app };
  }
  if (inspected.problem) throw tokenError(inspected.problem.message, inspected.problem.subcode);
  const proof = ctx.param('appsecret_proof');
  if (proof === undefined || proof === '') {
    if (inspected.app.requireAppsecretProof !== false) throw appsecretProofMissing();
  } else if (!proofMatches(proof, appsecretProof(token, inspected.app.secret))) {
    throw appsecretProofInvalid();
  }
  return { kind: 'token', app: inspected.app, rec: inspected.rec, principal: principalOf(state.index, inspected.rec) };
}

/** The usage counters a Graph call touches: the app, the person, and the business object. */
export function usageScope(state: EmulatorState, auth: Auth, segments: string[]): UsageScope {
  const scope: UsageScope = { appId: auth.app.id };
  if (auth.kind === 'token') {
    const actor = auth.rec.userId ?? auth.rec.systemUserId;
    if (actor !== undefined) scope.actor = actor;
  }
  const [first, edge] = segments;
  if (first === undefined || first === 'me') return scope;
  const index = state.index;
  const account = index.adAccounts.get(first) ?? index.adAccounts.get(index.campaigns.get(first)?.adAccount ?? '');
  if (account) {
    const type = edge === 'insights' ? 'ads_insights' : 'ads_management';
    scope.buc = { objectId: account.id.slice('act_'.length), type, adAccount: true };
  } else if (index.pages.has(first)) {
    scope.buc = { objectId: first, type: 'pages', adAccount: false };
  } else if (index.businesses.has(first)) {
    scope.buc = { objectId: first, type: 'business_management', adAccount: false };
  }
  return scope;
}
