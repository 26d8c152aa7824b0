import { createHash, randomBytes } from 'node:crypto';

/** Opaque credentials with a readable prefix (`wevs_` session, `wevk_` API key); stored only as SHA-256. */
export function newCredential(prefix: 'wevs' | 'wevk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashCredential(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
