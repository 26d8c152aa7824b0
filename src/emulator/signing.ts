/**
 * How Meta signs what it pushes to an app. A `signed_request` (deauthorize and data deletion
 * callbacks) is `<signature>.<payload>`: the payload is the base64url JSON, and the signature the
 * base64url HMAC-SHA256 of that payload part exactly as sent, keyed with the app secret, both
 * without padding. A webhook's raw JSON body is signed in headers: `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256>` and, as Meta also sends, `X-Hub-Signature: sha1=<hex HMAC-SHA1>`.
 */
import { createHmac } from 'node:crypto';

export function signedRequest(payload: Record<string, unknown>, secret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signature = createHmac('sha256', secret).update(encoded).digest('base64url');
  return `${signature}.${encoded}`;
}

/** The signature headers of a webhook delivery, for the raw body as sent. */
export function hubSignatureHeaders(body: string, secret: string): Record<string, string> {
  return {
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`,
    'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('hex')}`,
  };
}
