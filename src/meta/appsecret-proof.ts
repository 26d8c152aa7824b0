import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * Meta's `appsecret_proof`: hex HMAC-SHA256 of the access token keyed with the app secret.
 * Proves the call comes from a holder of the app secret, so a stolen token alone is useless
 * against apps that require it.
 */
export function appsecretProof(accessToken: string, appSecret: string | KeyObject): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

export interface ProofSigner {
  (accessToken: string): string;
  /** Forgets the remembered token (on client close). */
  clear(): void;
}

/**
 * A signer that remembers only the LAST token and its proof. Calls come in runs per token
 * (paging, a permission sync does 5+ calls per token), and the HMAC was a visible share of
 * the client's per-call cost in bench/graph-client.ts. One entry, not a cache of many: the
 * plaintext token should not outlive its run in memory.
 */
export function createProofSigner(appSecret: string): ProofSigner {
  const key = createSecretKey(Buffer.from(appSecret, 'utf8'));
  let lastToken: string | undefined;
  let lastProof = '';
  const sign = ((accessToken: string) => {
    if (accessToken !== lastToken) {
      lastProof = appsecretProof(accessToken, key);
      lastToken = accessToken;
    }
    return lastProof;
  }) as ProofSigner;
  sign.clear = () => {
    lastToken = undefined;
    lastProof = '';
  };
  return sign;
}

/** The app access token `id|secret` authenticates the app itself; it carries no proof. */
export function isAppAccessToken(accessToken: string, appId: string): boolean {
  return accessToken.startsWith(`${appId}|`);
}
