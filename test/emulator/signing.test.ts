/**
 * The emulator signs `signed_request` exactly as Meta does: checked against the public test
 * vectors quoted in issue 26 (secret `key` and secret `appsecret`), byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { hubSignatureHeaders, signedRequest } from '../../src/emulator/signing.ts';
import { hubSignature1, hubSignature256, verifySignedRequest } from './receiver.ts';

describe('signed_request', () => {
  it('reproduces the public test vector signed with "key"', () => {
    const vector = 'Mf_s6nTb38UYqioBmPqu0Ewm9souPZB9I2fIGwV729U.eyJ1c2VyX2lkIjoiMCIsImFsZ29yaXRobSI6IkhNQUMtU0hBMjU2IiwiaXNzdWVkX2F0IjoxNjI0MjQ0MTU2fQ';
    expect(signedRequest({ user_id: '0', algorithm: 'HMAC-SHA256', issued_at: 1624244156 }, 'key')).toBe(vector);
    expect(verifySignedRequest(vector, 'key')).toEqual({ user_id: '0', algorithm: 'HMAC-SHA256', issued_at: 1624244156 });
  });

  it('reproduces the public test vector signed with "appsecret"', () => {
    const vector = 'N32LNcvDGXq0GI1jxm-tj1ysJh2uqkNIBcUhUmTp19k.eyJhbGdvcml0aG0iOiJITUFDLVNIQTI1NiIsImV4cGlyZXMiOjEyOTE4NDA0MDAsImlzc3VlZF9hdCI6MTI5MTgzNjgwMCwidXNlcl9pZCI6IjIxODQ3MSJ9';
    const payload = { algorithm: 'HMAC-SHA256', expires: 1291840400, issued_at: 1291836800, user_id: '218471' };
    expect(signedRequest(payload, 'appsecret')).toBe(vector);
    expect(() => verifySignedRequest(vector, 'key')).toThrow(/bad signature/);
  });

  it('has no base64 padding and no characters outside base64url', () => {
    // Payload lengths that would need one and two padding characters.
    for (const userId of ['1', '12', '123']) expect(signedRequest({ algorithm: 'HMAC-SHA256', issued_at: 1, user_id: userId }, 's')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});

describe('webhook signatures', () => {
  it('are HMACs of the raw body with the app secret, SHA-256 and SHA-1', () => {
    const body = '{"object":"permissions","entry":[]}';
    expect(hubSignatureHeaders(body, 'secret')).toEqual({ 'x-hub-signature-256': hubSignature256(body, 'secret'), 'x-hub-signature': hubSignature1(body, 'secret') });
    expect(hubSignatureHeaders(body, 'secret')['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
