import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style: `X-Wevion-Signature: t=<unix seconds>,v1=<hex>` where the
 * hex is HMAC-SHA256 of `${t}.${body}` keyed with the endpoint's secret. The timestamp is inside
 * the signed text, so a receiver that rejects old timestamps also rejects replays.
 */
export const SIGNATURE_HEADER = 'X-Wevion-Signature';
export const DELIVERY_HEADER = 'X-Wevion-Delivery';
export const EVENT_HEADER = 'X-Wevion-Event';

/** A new endpoint secret; shown to the admin once, then only stored encrypted. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureHex(secret, timestamp, body)}`;
}

/**
 * What a receiver does (documented in docs/operations.md; the tests use it as the receiver).
 * `nowSeconds` and `toleranceSeconds` guard against replays; omit them to check the HMAC only.
 */
export function verifySignature(secret: string, header: string | undefined | null, body: string, options: { nowSeconds?: number; toleranceSeconds?: number } = {}): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp)) return false;
  if (options.nowSeconds !== undefined && Math.abs(options.nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureHex(secret, timestamp, body), 'hex');
  // Several v1 values are allowed (a sender may sign with two secrets while one is replaced).
  return (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
