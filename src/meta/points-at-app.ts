/**
 * Whether a Graph refusal may be about the Meta *app* rather than one person's token: then the
 * app is checked before anyone is told to reconnect (reconnecting cannot fix an app problem).
 * Pure and by codes only, like the classification. A "yes" only asks for a check of the app
 * (`GET /{app-id}` with the app token), which decides; a false alarm costs one call.
 *
 * - code 101: Meta's "Error validating application" (deleted, restricted, wrong id); and any code
 *   whose message says "Error validating application": a deleted app's user tokens are refused
 *   with 190 and no subcode, worded so. This is the one decision made on Meta's words, because no
 *   code tells it apart from an expired token (see `refusesTheApp`).
 * - anything refusing the app token or the client secret (debug_token, the app node, the OAuth
 *   exchanges): only the app's own credentials were sent, so only they can be wrong.
 * - code 100 with no subcode on a call carrying a user token and its appsecret_proof: how Meta
 *   refuses a proof made with a secret it no longer has (the secret rotated in the dashboard).
 *   Ordinary invalid-parameter errors usually carry a subcode; those without one cost a check.
 */
import type { GraphError } from './graph-error.ts';

/**
 * Meta refused the app itself, whatever the credential: code 101, or Meta's own words for it
 * ("Error validating application. Application has been deleted.", seen with code 190 on user
 * tokens). Such a refusal is never a verdict on one person's token.
 */
export function refusesTheApp(error: Pick<GraphError, 'graphCode' | 'graphMessage'>): boolean {
  return error.graphCode === 101 || /^\s*(\(#\d+\)\s*)?Error validating application\b/i.test(error.graphMessage ?? '');
}

export function pointsAtApp(error: Pick<GraphError, 'status' | 'graphCode' | 'graphMessage' | 'subcode' | 'isTransient' | 'credential' | 'classification'>): boolean {
  if (refusesTheApp(error)) return true;
  // Meta being slow, down or throttling says nothing about the app's standing.
  if (error.graphCode === undefined || error.status === 0 || error.status >= 500 || error.isTransient === true || error.classification.category === 'rate_limited') return false;
  // "Error validating client secret." is code 1 with HTTP 400: only the app's secret was sent.
  if (error.credential === 'app_token' || error.credential === 'client_secret') return true;
  return error.credential === 'user_token' && error.graphCode === 100 && error.subcode === undefined;
}
