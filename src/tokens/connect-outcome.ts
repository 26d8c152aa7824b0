import type { GraphError } from '../meta/graph-error.ts';
import type { consumeOauthState } from './oauth-state.queries.ts';
import type { MetaUser } from './tokens.queries.ts';

export type ConnectOutcome =
  | { result: 'connected' | 'reconnected'; metaUser: MetaUser }
  | { result: 'cancelled' }
  | { result: 'different_account'; expected: string; actual: string }
  | { result: 'error'; reason: 'state_invalid' | 'state_used' | 'state_expired' | 'wrong_session' | 'code_rejected' | 'token_invalid' | 'meta_unavailable' | 'meta_error'; message: string };

/** The outcome, and for a reconnect the profile it was for (the person goes back to its page). */
export type ConnectResult = ConnectOutcome & { profileId?: string; flow?: 'login' | 'business' };

/** A state that checked out: single use, this session, 10 minutes. */
export type CheckedState = Exclude<Awaited<ReturnType<typeof consumeOauthState>>, { outcome: 'used' | 'expired' | 'unknown' }>;

/** Meta's answer in the redirect: an error of Meta's own, a cancel, or the code. */
export function callbackOutcome(input: { code?: string; error?: string; errorDescription?: string }): ConnectOutcome | { code: string } {
  // Meta's cancel is `error=access_denied` (error_reason=user_denied); any other error is Meta's own.
  if (input.error && input.error !== 'access_denied') {
    return { result: 'error', reason: 'meta_error', message: `Meta answered with an error (${input.error}${input.errorDescription ? `: ${input.errorDescription.slice(0, 200)}` : ''}). Nothing was changed; try again.` };
  }
  if (input.error || !input.code) return { result: 'cancelled' };
  return { code: input.code };
}

/** A Graph failure during the exchange, as the person is told it (nothing was stored). */
export function exchangeFailure(error: GraphError): ConnectOutcome {
  const category = error.classification.category;
  if (['rate_limited', 'transient', 'server_error'].includes(category)) {
    return { result: 'error', reason: 'meta_unavailable', message: 'Meta did not answer in time. Nothing was changed; try again in a minute.' };
  }
  return { result: 'error', reason: 'code_rejected', message: 'Meta refused the sign-in code (already used, expired, or for another address). Nothing was stored; start again.' };
}
