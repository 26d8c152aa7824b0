/**
 * The one verifier of Meta's `signed_request` (the deauthorize and data deletion callbacks):
 * `<signature>.<payload>`, both base64url (with or without `=` padding), the signature being the
 * HMAC-SHA256 of the payload part exactly as sent, keyed with the app secret. The signature is
 * compared in constant time, and the payload is decoded and parsed only once it holds: nothing an
 * unsigned sender wrote is ever parsed. Then the algorithm must be HMAC-SHA256.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedRequestFailure = 'malformed' | 'bad_signature' | 'bad_payload' | 'wrong_algorithm';

export type SignedRequestResult = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: SignedRequestFailure };

/** A base64url part, optionally padded. Meta sends none; `+` and `/` are not base64url. */
const PART = /^[A-Za-z0-9_-]+={0,2}$/;
/** Far above Meta's payloads (a few hundred bytes): a bigger part is refused before any work. */
const MAX_PART_CHARS = 16 * 1024;

export function verifySignedRequest(signedRequest: string, secret: string): SignedRequestResult {
  const parts = signedRequest.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [signaturePart, payloadPart] = parts as [string, string];
  if (!PART.test(signaturePart) || !PART.test(payloadPart) || payloadPart.length > MAX_PART_CHARS) return { ok: false, reason: 'malformed' };
  const signature = Buffer.from(signaturePart.replace(/=+$/, ''), 'base64url');
  const expected = createHmac('sha256', secret).update(payloadPart, 'utf8').digest();
  // A truncated signature is simply wrong; timingSafeEqual needs equal lengths, and the length
  // of a valid signature is no secret.
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: 'bad_signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart.replace(/=+$/, ''), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad_payload' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, reason: 'bad_payload' };
  const algorithm = (payload as { algorithm?: unknown }).algorithm;
  // Meta's own samples compare it upper-cased.
  if (typeof algorithm !== 'string' || algorithm.toUpperCase() !== 'HMAC-SHA256') return { ok: false, reason: 'wrong_algorithm' };
  return { ok: true, payload: payload as Record<string, unknown> };
}
