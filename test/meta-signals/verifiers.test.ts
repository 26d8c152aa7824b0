/**
 * The two verifiers of what Meta signs: `signed_request` (Meta's public test vectors, and forged,
 * truncated, padded, wrong-algorithm ones) and `X-Hub-Signature-256` over the raw bytes.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubSignature, verifyHubSignature } from '../../src/meta-signals/hub-signature.ts';
import { verifySignedRequest } from '../../src/meta-signals/signed-request.ts';

const VECTOR_KEY = 'Mf_s6nTb38UYqioBmPqu0Ewm9souPZB9I2fIGwV729U.eyJ1c2VyX2lkIjoiMCIsImFsZ29yaXRobSI6IkhNQUMtU0hBMjU2IiwiaXNzdWVkX2F0IjoxNjI0MjQ0MTU2fQ';
const VECTOR_APPSECRET =
  'N32LNcvDGXq0GI1jxm-tj1ysJh2uqkNIBcUhUmTp19k.eyJhbGdvcml0aG0iOiJITUFDLVNIQTI1NiIsImV4cGlyZXMiOjEyOTE4NDA0MDAsImlzc3VlZF9hdCI6MTI5MTgzNjgwMCwidXNlcl9pZCI6IjIxODQ3MSJ9';

/** Signs a payload part as Meta does (no padding unless asked). */
function sign(payload: unknown, secret: string, options: { pad?: boolean; raw?: string } = {}): string {
  let part = options.raw ?? Buffer.from(JSON.stringify(payload)).toString('base64url');
  if (options.pad) part += '='.repeat((4 - (part.length % 4)) % 4);
  let signature = createHmac('sha256', secret).update(part).digest('base64url');
  if (options.pad) signature += '='.repeat((4 - (signature.length % 4)) % 4);
  return `${signature}.${part}`;
}

describe('signed_request', () => {
  it("accepts Meta's public test vectors", () => {
    expect(verifySignedRequest(VECTOR_KEY, 'key')).toEqual({ ok: true, payload: { user_id: '0', algorithm: 'HMAC-SHA256', issued_at: 1624244156 } });
    expect(verifySignedRequest(VECTOR_APPSECRET, 'appsecret')).toEqual({ ok: true, payload: { algorithm: 'HMAC-SHA256', expires: 1291840400, issued_at: 1291836800, user_id: '218471' } });
  });

  it('refuses the vectors under another secret (forged)', () => {
    expect(verifySignedRequest(VECTOR_KEY, 'appsecret')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignedRequest(VECTOR_APPSECRET, 'key')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a payload changed after signing, even by one character', () => {
    const [signature, payload] = VECTOR_KEY.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ user_id: '1', algorithm: 'HMAC-SHA256', issued_at: 1624244156 })).toString('base64url');
    expect(verifySignedRequest(`${signature}.${tampered}`, 'key')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignedRequest(`${signature}.${payload.slice(0, -1)}A`, 'key')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses truncated and malformed ones', () => {
    const [signature, payload] = VECTOR_KEY.split('.') as [string, string];
    expect(verifySignedRequest(`${signature.slice(0, 20)}.${payload}`, 'key')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignedRequest(`${signature}.${payload.slice(0, 30)}`, 'key')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySignedRequest(signature, 'key')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedRequest(`${signature}.`, 'key')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedRequest(`.${payload}`, 'key')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedRequest(`${signature}.${payload}.x`, 'key')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedRequest(`${signature}.${payload}!`, 'key')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedRequest('', 'key')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts base64url with padding as well as without', () => {
    const payload = { algorithm: 'HMAC-SHA256', issued_at: 1700000000, user_id: '10001' };
    // 61 characters of JSON: its base64url needs padding.
    expect(verifySignedRequest(sign(payload, 's3cret', { pad: true }), 's3cret')).toEqual({ ok: true, payload });
    expect(verifySignedRequest(sign(payload, 's3cret'), 's3cret')).toEqual({ ok: true, payload });
  });

  it('checks the algorithm, and only after the signature holds', () => {
    expect(verifySignedRequest(sign({ algorithm: 'HMAC-SHA1', user_id: '1' }, 'k'), 'k')).toEqual({ ok: false, reason: 'wrong_algorithm' });
    expect(verifySignedRequest(sign({ algorithm: 'none', user_id: '1' }, 'k'), 'k')).toEqual({ ok: false, reason: 'wrong_algorithm' });
    expect(verifySignedRequest(sign({ user_id: '1' }, 'k'), 'k')).toEqual({ ok: false, reason: 'wrong_algorithm' });
    expect(verifySignedRequest(sign({ algorithm: 'hmac-sha256', user_id: '1' }, 'k'), 'k')).toMatchObject({ ok: true });
    // A wrong algorithm under a wrong signature is a wrong signature: the payload was never read.
    expect(verifySignedRequest(sign({ algorithm: 'none', user_id: '1' }, 'other'), 'k')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a well-signed payload that is not a JSON object', () => {
    expect(verifySignedRequest(sign(null, 'k', { raw: Buffer.from('not json').toString('base64url') }), 'k')).toEqual({ ok: false, reason: 'bad_payload' });
    expect(verifySignedRequest(sign([1, 2], 'k'), 'k')).toEqual({ ok: false, reason: 'bad_payload' });
  });
});

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"object":"permissions","entry":[]}');

  it('holds for the raw bytes signed with the secret, in either case of hex', () => {
    const header = hubSignature(body, 'app-secret');
    expect(verifyHubSignature(body, header, 'app-secret')).toEqual({ ok: true });
    expect(verifyHubSignature(body, `sha256=${header.slice('sha256='.length).toUpperCase()}`, 'app-secret')).toEqual({ ok: true });
  });

  it('is over the bytes, not the JSON: re-serialised, reordered or re-spaced bodies fail', () => {
    const header = hubSignature(body, 'app-secret');
    expect(verifyHubSignature(Buffer.from('{"object": "permissions", "entry": []}'), header, 'app-secret')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyHubSignature(Buffer.from('{"entry":[],"object":"permissions"}'), header, 'app-secret')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a missing, malformed, truncated or other-secret signature', () => {
    const header = hubSignature(body, 'app-secret');
    expect(verifyHubSignature(body, undefined, 'app-secret')).toEqual({ ok: false, reason: 'missing' });
    expect(verifyHubSignature(body, '', 'app-secret')).toEqual({ ok: false, reason: 'missing' });
    expect(verifyHubSignature(body, header.slice(0, -2), 'app-secret')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyHubSignature(body, header.replace('sha256=', 'sha1='), 'app-secret')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyHubSignature(body, hubSignature(body, 'another-secret'), 'app-secret')).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
