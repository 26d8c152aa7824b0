/**
 * The one verifier of a webhook delivery's `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256
 * of the raw body bytes as received (never a re-serialised JSON), keyed with the app secret,
 * compared in constant time. (`X-Hub-Signature`, SHA-1, is not trusted.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HubSignatureResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' };

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

export function verifyHubSignature(rawBody: Uint8Array, header: string | undefined, secret: string): HubSignatureResult {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const match = HEADER.exec(header.trim());
  if (!match) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(match[1] as string, 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/** The header Meta sends for a body (tests, benchmarks, the bare baseline handler). */
export function hubSignature(rawBody: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
