import { describe, expect, it } from 'vitest';
import { classifyGraphFailure } from '../../src/meta/classify.ts';
import type { GraphCredential } from '../../src/meta/graph-error.ts';
import { pointsAtApp, refusesTheApp } from '../../src/meta/points-at-app.ts';

function refusal(status: number, error: Record<string, unknown>, credential: GraphCredential) {
  const classification = classifyGraphFailure({ status, body: { error } });
  return { status, graphCode: error.code as number | undefined, graphMessage: error.message as string | undefined, subcode: error.error_subcode as number | undefined, isTransient: error.is_transient as boolean | undefined, credential, classification };
}

describe('pointsAtApp', () => {
  it('Meta naming the app (101) points at it, whatever authenticated the call', () => {
    const body = { message: 'Error validating application. Application has been deleted.', type: 'OAuthException', code: 101 };
    expect(pointsAtApp(refusal(400, body, 'user_token'))).toBe(true);
    expect(pointsAtApp(refusal(400, body, 'client_secret'))).toBe(true);
  });

  it('a 190 in Meta’s words for a refused application points at the app, and is never a verdict on the token', () => {
    const deleted = refusal(400, { message: 'Error validating application. Application has been deleted.', type: 'OAuthException', code: 190 }, 'user_token');
    expect(deleted.classification.category).toBe('token_expired');
    expect(pointsAtApp(deleted)).toBe(true);
    expect(refusesTheApp(deleted)).toBe(true);
    expect(refusesTheApp({ graphCode: 190, graphMessage: '(#190) Error validating application. Invalid application ID.' })).toBe(true);
    expect(refusesTheApp({ graphCode: 190, graphMessage: 'Error validating access token: Session has expired on Tuesday.' })).toBe(false);
    expect(refusesTheApp({ graphCode: 190, graphMessage: undefined })).toBe(false);
  });

  it('a refused app token or client secret points at the app', () => {
    expect(pointsAtApp(refusal(400, { message: 'Invalid OAuth access token signature.', type: 'OAuthException', code: 190 }, 'app_token'))).toBe(true);
    expect(pointsAtApp(refusal(400, { message: 'Error validating client secret.', type: 'OAuthException', code: 1 }, 'client_secret'))).toBe(true);
  });

  it('a refused appsecret_proof (100, no subcode) on a user token may be the app; 100 with a subcode, or a token 190, is not', () => {
    expect(pointsAtApp(refusal(400, { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 }, 'user_token'))).toBe(true);
    expect(pointsAtApp(refusal(400, { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33 }, 'user_token'))).toBe(false);
    expect(pointsAtApp(refusal(400, { message: 'Error validating access token: The session has been invalidated.', type: 'OAuthException', code: 190, error_subcode: 460 }, 'user_token'))).toBe(false);
  });

  it('throttling and Meta being down say nothing about the app', () => {
    expect(pointsAtApp(refusal(400, { message: 'Application request limit reached', type: 'OAuthException', code: 4 }, 'app_token'))).toBe(false);
    expect(pointsAtApp(refusal(500, { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true }, 'client_secret'))).toBe(false);
  });
});
