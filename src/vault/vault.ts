import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './keys.ts';

export interface SealedSecret {
  keyId: string;
  nonce: string;
  ciphertext: string;
}

export class VaultError extends Error {
  constructor(
    readonly code: 'secret_tampered' | 'unknown_key' | 'secret_not_found',
    message: string,
  ) {
    super(message);
  }
}

/**
 * AES-256-GCM with a random 96-bit nonce per encryption. The secret's row id is the associated
 * data, so a ciphertext copied onto another row fails to open instead of serving the wrong token.
 */
export class Vault {
  private readonly byId: Map<string, Buffer>;
  readonly newestKeyId: string;

  constructor(keys: EncryptionKey[]) {
    const newest = keys[0];
    if (!newest) throw new Error('the vault needs at least one key');
    this.newestKeyId = newest.id;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  seal(plaintext: string, secretId: string): SealedSecret {
    const key = this.byId.get(this.newestKeyId) as Buffer;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(secretId, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.newestKeyId, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
  }

  open(sealed: SealedSecret, secretId: string): string {
    const key = this.byId.get(sealed.keyId);
    if (!key) throw new VaultError('unknown_key', `secret ${secretId} is encrypted with key "${sealed.keyId}", which is not configured`);
    const body = Buffer.from(sealed.ciphertext, 'base64');
    const nonce = Buffer.from(sealed.nonce, 'base64');
    if (body.length < 16 || nonce.length !== 12) throw new VaultError('secret_tampered', `secret ${secretId} is malformed`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAAD(Buffer.from(secretId, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('secret_tampered', `secret ${secretId} failed authentication: it was altered or belongs elsewhere`);
    }
  }
}
