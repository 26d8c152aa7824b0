import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class KeyConfigError extends Error {
  readonly code = 'invalid_encryption_keys';
}

/** Parses `kid:base64key,kid:base64key` (newest first). Each key must be 32 bytes. */
export function parseKeys(spec: string): EncryptionKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const separator = part.indexOf(':');
      if (separator <= 0) throw new KeyConfigError('TOKEN_ENCRYPTION_KEYS: each entry must be kid:base64key');
      const id = part.slice(0, separator);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new KeyConfigError(`TOKEN_ENCRYPTION_KEYS: key id "${id}" must be 1-32 letters, digits, _ or -`);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (key.length !== 32) throw new KeyConfigError(`TOKEN_ENCRYPTION_KEYS: key "${id}" must decode to 32 bytes (got ${key.length})`);
      return { id, key };
    });
  if (keys.length === 0) throw new KeyConfigError('TOKEN_ENCRYPTION_KEYS: no key given');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new KeyConfigError('TOKEN_ENCRYPTION_KEYS: key ids must be unique');
  return keys;
}

export function generateKeySpec(id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * Embedded mode without configured keys: a key file in DATA_DIR (mode 0600), created once.
 * Returns `generated: true` the first time so the caller can warn that the key lives beside the data.
 */
export function loadOrCreateKeyFile(dataDir: string): { keys: EncryptionKey[]; generated: boolean; file: string } {
  const file = path.resolve(dataDir, 'encryption-keys');
  if (existsSync(file)) return { keys: parseKeys(readFileSync(file, 'utf8')), generated: false, file };
  mkdirSync(path.dirname(file), { recursive: true });
  const spec = generateKeySpec('local1');
  writeFileSync(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { keys: parseKeys(spec), generated: true, file };
}
